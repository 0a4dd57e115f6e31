package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramPosition;
import dev.stowage.domain.program.ProgramQuery;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Beyond "no full scan" ({@link HotQueryPlanTest}): the program listings and the revisions read
 * their rows in index order, so a page costs its own rows and never a sort of every program, and
 * the lookups and reference checks use the index made for them.
 */
class ProgramQueryPlanTest {
    @TempDir
    static Path dir;
    static TestEngine test;
    static final ProgramId ID = new ProgramId("01HZZZZZZZZZZZZZZZZZZZZZZZ");

    @BeforeAll
    static void start() {
        test = TestEngine.started(dir);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    @Test
    void listingsWalkTheNameIndexesWithoutSorting() {
        for (Optional<String> after : List.of(Optional.<String>empty(), Optional.of("m"))) {
            assertThat(plan(ctx -> SqliteProgramStore.listQuery(ctx, ProgramQuery.all(), after, 51)))
                    .anyMatch(line -> line.contains("programs_name")).noneMatch(line -> line.contains("TEMP B-TREE"));
            assertThat(plan(ctx -> SqliteProgramStore.listQuery(ctx, new ProgramQuery(true, Optional.empty()), after, 51)))
                    .anyMatch(line -> line.contains("programs_active_name")).noneMatch(line -> line.contains("TEMP B-TREE"));
            for (boolean activeOnly : List.of(false, true)) {
                assertThat(plan(ctx -> SqliteProgramStore.listQuery(ctx, new ProgramQuery(activeOnly, Optional.of("pre")), after, 51)))
                        .as("search, active only: %s", activeOnly)
                        .noneMatch(line -> line.contains("TEMP B-TREE"));
            }
        }
    }

    @Test
    void revisionsComeNewestFirstFromThePrimaryKeyWithoutSorting() {
        for (Optional<Long> below : List.of(Optional.<Long>empty(), Optional.of(9L))) {
            assertThat(plan(ctx -> SqliteProgramStore.revisionsQuery(ctx, ID, below, 51)))
                    .anyMatch(line -> line.contains("sqlite_autoindex_program_revisions_1"))
                    .noneMatch(line -> line.contains("TEMP B-TREE"));
        }
    }

    @Test
    void lookupsAndReferenceChecksUseTheirIndexes() {
        assertThat(plan(ctx -> ctx.selectFrom(dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAMS)
                .where(dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAMS.EXTERNAL_REF.eq("r"))))
                .anyMatch(line -> line.contains("programs_external_ref"));
        List<String> referenced = plan(ctx -> SqliteProgramStore.referencedQuery(ctx, Collections.nCopies(3, "k")));
        assertThat(referenced).as("%s", referenced)
                .anyMatch(line -> line.contains("programs_image_blob"))
                .anyMatch(line -> line.contains("programs_thumbnail_blob"))
                .anyMatch(line -> line.contains("program_revisions_image_blob"))
                .anyMatch(line -> line.contains("program_revisions_thumbnail_blob"));
        assertThat(plan(ctx -> SqliteProgramStore.revisionImagesQuery(ctx,
                Optional.of(new ProgramPosition.Reference(true, ID, 2, 0)), 51)))
                .noneMatch(line -> line.contains("TEMP B-TREE"));
        assertThat(plan(ctx -> SqliteProgramStore.programImagesQuery(ctx, Optional.of(ID.value()), 51)))
                .noneMatch(line -> line.contains("TEMP B-TREE"));
    }

    private static List<String> plan(Function<DSLContext, ? extends Query> query) {
        return test.db.read(ctx -> ctx.connectionResult(connection -> QueryPlans.explain(connection, ctx.render(query.apply(ctx)))));
    }
}
