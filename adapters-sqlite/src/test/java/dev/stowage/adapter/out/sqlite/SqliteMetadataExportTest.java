package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.domain.program.Program;
import dev.stowage.testing.contract.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite side of {@code stowage db copy}: every table but the migration history and the
 * trigger-derived usage, parents before children, neutral values, bounded batches, one snapshot.
 */
class SqliteMetadataExportTest {
    @TempDir
    Path dir;
    TestEngine test;
    private final Fixtures fx = new Fixtures();

    @BeforeEach
    void start() {
        test = TestEngine.started(dir);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void exportsEveryTableInForeignKeyOrderInBoundedBatchesFromOneSnapshot() {
        SqliteDocumentCatalog documents = new SqliteDocumentCatalog(test.db);
        for (int i = 0; i < 1201; i++) {
            documents.insert(fx.document(fx.user("ana"), "doc-" + i).build());
        }
        SqliteProgramStore programs = new SqliteProgramStore(test.db);
        Program p = fx.program("Kept").build();
        programs.insert(p);
        programs.update(fx.edit(p).description("v2").build(), 1);

        Map<String, MetadataExport.Table> tables = new LinkedHashMap<>();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<Integer> batches = new ArrayList<>();
        List<Object[]> programRows = new ArrayList<>();
        String[] current = new String[1];
        new SqliteMetadataExport(test.db).exportTo(new MetadataExport.Sink() {
            @Override
            public void table(MetadataExport.Table table) {
                tables.put(table.name(), table);
                current[0] = table.name();
                if (table.name().equals("documents")) {
                    // a write during the export (from another thread: this one is inside the export's read) is not part of it
                    CompletableFuture.runAsync(() -> documents.insert(fx.document(fx.user("bob"), "late").build())).join();
                }
            }

            @Override
            public void rows(List<Object[]> batch) {
                batches.add(batch.size());
                rows.merge(current[0], (long) batch.size(), Long::sum);
                if (current[0].equals("programs")) {
                    programRows.addAll(batch);
                }
            }
        });

        List<String> names = List.copyOf(tables.keySet());
        assertThat(names).contains("documents", "jobs", "api_tokens", "backups", "stowage_meta", "resumable_uploads")
                .doesNotContain("document_usage", "flyway_schema_history");
        assertThat(names.indexOf("programs")).isLessThan(names.indexOf("program_revisions"));
        assertThat(tables.get("documents").rows()).isEqualTo(1201);
        assertThat(rows.get("documents")).isEqualTo(1201);
        assertThat(rows.get("program_revisions")).isEqualTo(1);
        assertThat(batches).allMatch(n -> n <= MetadataExport.BATCH_ROWS);
        int active = tables.get("programs").columns().indexOf("active");
        assertThat(programRows).singleElement().satisfies(r -> assertThat(r[active]).isEqualTo(1L));
    }
}
