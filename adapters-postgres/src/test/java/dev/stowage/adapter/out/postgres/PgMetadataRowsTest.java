package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.testing.contract.Fixtures;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The metadata import and export on PostgreSQL: a round trip between two databases keeps every
 * row, and what the import cannot take whole (an unknown table or column, a value its column
 * cannot hold, a target with data) is refused with nothing written.
 */
@ExtendWith(HotQueryPlans.class)
class PgMetadataRowsTest {
    private static PgEngine source;
    private static PgEngine target;

    private final Fixtures fx = new Fixtures();
    private PgMetadataRows from;
    private PgMetadataRows into;

    @BeforeAll
    static void start() {
        source = PgTestDatabase.startedEngine("rows_source");
        target = PgTestDatabase.startedEngine("rows_target");
    }

    @AfterAll
    static void stop() {
        source.stop();
        target.stop();
    }

    @BeforeEach
    void empty() {
        PgTestDatabase.empty(new Db(source));
        PgTestDatabase.empty(new Db(target));
        from = new PgMetadataRows(DataTablesEmptied.on(source));
        into = new PgMetadataRows(DataTablesEmptied.on(target));
    }

    @Test
    void aRoundTripKeepsEveryRowInBatchesAndTheDerivedUsage() {
        PgDocumentCatalog documents = new PgDocumentCatalog(new Db(source));
        List<Document> written = new ArrayList<>();
        for (int i = 0; i < 1234; i++) {
            Document d = fx.document(fx.user(i % 2 == 0 ? "ana" : "bob"), "doc-" + i).size(i).build();
            documents.insert(d);
            written.add(d);
        }
        PgProgramStore programs = new PgProgramStore(new Db(source));
        Program p = fx.program("Kept").image(fx.image(true)).build();
        programs.insert(p);
        programs.update(fx.edit(p).description("v2").build(), 1);
        List<Integer> batches = new ArrayList<>();
        MetadataExport counting = sink -> from.exportTo(new MetadataExport.Sink() {
            @Override
            public void table(MetadataExport.Table table) {
                sink.table(table);
            }

            @Override
            public void rows(List<Object[]> batch) {
                batches.add(batch.size());
                sink.rows(batch);
            }
        });

        Map<String, Long> copied = into.importFrom(counting, false);

        assertThat(copied).containsEntry("documents", 1234L).containsEntry("programs", 1L)
                .containsEntry("program_revisions", 1L).doesNotContainKey("document_usage");
        assertThat(batches).allMatch(n -> n <= MetadataExport.BATCH_ROWS);
        PgDocumentCatalog copiedDocuments = new PgDocumentCatalog(new Db(target));
        assertThat(Fixtures.walk(copiedDocuments::all, 500)).containsExactlyInAnyOrderElementsOf(written);
        assertThat(copiedDocuments.usage(fx.user("ana"))).isEqualTo(documents.usage(fx.user("ana")));
        PgProgramStore copiedPrograms = new PgProgramStore(new Db(target));
        assertThat(copiedPrograms.list(ProgramQuery.all(), PageRequest.first(10)).items())
                .isEqualTo(programs.list(ProgramQuery.all(), PageRequest.first(10)).items());
        assertThat(copiedPrograms.revisions(p.id(), PageRequest.first(10)).items())
                .isEqualTo(programs.revisions(p.id(), PageRequest.first(10)).items());
    }

    @Test
    void aTargetWithDataIsRefusedUnlessReplacedAndReplacingLeavesOnlyTheSource() {
        new PgDocumentCatalog(new Db(target)).insert(fx.document(fx.user("old"), "left over").build());
        Document fresh = fx.document(fx.user("ana"), "fresh").build();
        new PgDocumentCatalog(new Db(source)).insert(fresh);

        assertThatThrownBy(() -> into.importFrom(from, false)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("documents");

        into.importFrom(from, true);
        PgDocumentCatalog copied = new PgDocumentCatalog(new Db(target));
        assertThat(Fixtures.walk(copied::all, 10)).containsExactly(fresh);
        assertThat(copied.usage(fx.user("old")).documents()).isZero();
    }

    @Test
    void anUnknownTableOrColumnOrAnUnfitValueIsRefusedAndNothingIsWritten() {
        assertRefused(rows("no_such_table", List.of("id"), new Object[] {"x"}), "no table 'no_such_table'");
        assertRefused(rows("api_tokens", List.of("id", "shoe_size"), new Object[] {"x", 1L}), "no column shoe_size");
        assertRefused(rows("backups", List.of("verify_ok"), new Object[] {7L}), "column 'verify_ok'");
        assertRefused(rows("backups", List.of("format_version"), new Object[] {1L << 40}), "cannot hold");
        assertRefused(rows("stowage_meta", List.of("key", "value"), new Object[] {"k", "a\u0000b"}), "NUL");
    }

    private void assertRefused(MetadataExport export, String message) {
        // a good table first: the refusal must take it back too
        MetadataExport withGoodTableFirst = sink -> {
            sink.table(new MetadataExport.Table("stowage_meta", List.of("key", "value"), 1));
            sink.rows(List.<Object[]>of(new Object[] {"copied", "before the failure"}));
            export.exportTo(sink);
        };
        assertThatThrownBy(() -> into.importFrom(withGoodTableFirst, false)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
        int metaRows = new Db(target).read(ctx -> ctx.fetchCount(org.jooq.impl.DSL.table("stowage_meta")));
        assertThat(metaRows).isZero();
    }

    private static MetadataExport rows(String table, List<String> columns, Object[] row) {
        return sink -> {
            sink.table(new MetadataExport.Table(table, columns, 1));
            sink.rows(List.<Object[]>of(row));
        };
    }
}
