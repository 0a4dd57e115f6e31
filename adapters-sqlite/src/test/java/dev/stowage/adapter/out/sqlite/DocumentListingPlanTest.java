package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentPosition;
import dev.stowage.domain.document.DocumentQuery.Sort;
import dev.stowage.domain.document.DocumentQuery;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Beyond using an index (checked in {@link HotQueryPlanTest}): an unfiltered listing, and the
 * owner's listing by time filtered by one MIME type, read their rows in index order, so a page costs
 * its own rows and never a sort of everything the owner has.
 */
class DocumentListingPlanTest {
    @TempDir
    static Path dir;
    static TestEngine test;

    @BeforeAll
    static void start() {
        test = TestEngine.started(dir);
    }

    @AfterAll
    static void stop() {
        test.close();
    }

    static Stream<Arguments> listingsInIndexOrder() {
        Stream.Builder<Arguments> listings = Stream.builder();
        for (Optional<UserId> scope : List.of(Optional.of(new UserId("ana")), Optional.<UserId>empty())) {
            for (Sort sort : Sort.values()) {
                for (boolean desc : List.of(false, true)) {
                    listings.add(Arguments.of(scope, new DocumentQuery(sort, desc, Optional.empty(), Optional.empty())));
                }
            }
            listings.add(Arguments.of(scope, new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.of("rep"))));
        }
        listings.add(Arguments.of(Optional.of(new UserId("ana")),
                new DocumentQuery(Sort.CREATED, true, Optional.of("image/png"), Optional.empty())));
        return listings.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("listingsInIndexOrder")
    void needsNoSort(Optional<UserId> scope, DocumentQuery query) {
        DocumentId id = new DocumentId("01HZZZZZZZZZZZZZZZZZZZZZZZ");
        for (Optional<DocumentPosition> after : List.of(Optional.<DocumentPosition>empty(),
                Optional.of(HotQueryPlanTest.cursorFor(query.sort(), query.descending(), id)))) {
            List<String> plan = test.db.read(ctx -> ctx.connectionResult(connection -> QueryPlans.explain(connection,
                    ctx.render(SqliteDocumentCatalog.listQuery(ctx, scope, query, after, 51)))));
            assertThat(plan).as("plan").noneMatch(line -> line.contains("TEMP B-TREE"));
        }
    }
}
