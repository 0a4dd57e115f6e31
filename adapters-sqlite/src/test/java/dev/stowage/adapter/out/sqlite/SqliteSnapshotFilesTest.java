package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.SqliteDatabaseSnapshots;
import dev.stowage.adapter.out.sqlite.engine.SqliteSnapshotFiles;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.testing.contract.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshot files written from exported rows, as a PostgreSQL backup writes its snapshot: here the
 * rows are read back out of a SQLite snapshot by a plain reader of every table, so the round trip
 * must give the same rows, the same derived usage, the same blobs and a sound file.
 */
class SqliteSnapshotFilesTest {
    @TempDir
    Path dir;
    TestEngine test;
    final Fixtures fx = new Fixtures();
    final SqliteSnapshotFiles files = new SqliteSnapshotFiles();

    @AfterEach
    void stop() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void aFileWrittenFromAnotherDatabasesRowsHoldsTheSameRowsUsageAndBlobs() throws Exception {
        test = TestEngine.started(dir);
        var catalog = new SqliteDocumentCatalog(test.db);
        var tokens = new SqliteTokenStore(test.db);
        for (String owner : List.of("ana", "bob", "cy")) {
            for (int i = 0; i < 30; i++) {
                catalog.insert(fx.document(new UserId(owner), "doc-" + i).build());
            }
            tokens.insert(fx.token(new UserId(owner)).build());
        }
        Path original = dir.resolve("original.db");
        new SqliteDatabaseSnapshots(TestEngine.settings(dir)).snapshotTo(original);

        Path copy = dir.resolve("copy.db");
        Map<String, Long> written = files.write(copy, new TablesOf(original, Set.of("document_usage")));

        assertThat(written).containsEntry("documents", 90L).containsEntry("api_tokens", 3L).doesNotContainKey("document_usage");
        SnapshotFacts was = files.inspect(original);
        SnapshotFacts is = files.inspect(copy);
        assertThat(is.sound()).as(is.integrityCheck()).isTrue();
        assertThat(is.schemaVersion()).isEqualTo(was.schemaVersion());
        assertThat(is.rowCounts()).isEqualTo(was.rowCounts());
        for (String table : was.rowCounts().keySet()) {
            assertThat(rows(copy, table)).as(table).isEqualTo(rows(original, table));
        }
        assertThat(blobs(copy)).hasSize(90).isEqualTo(blobs(original));
    }

    @Test
    void anExistingFileIsNeverWrittenOver() throws Exception {
        Path taken = Files.writeString(dir.resolve("taken.db"), "keep me");

        assertThatThrownBy(() -> files.write(taken, sink -> { }))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(Files.readString(taken)).isEqualTo("keep me");
    }

    @Test
    void aTableTheSchemaLacksIsRefusedAndNoFileIsLeft() {
        Path file = dir.resolve("snap.db");

        assertThatThrownBy(() -> files.write(file, sink -> sink.table(new MetadataExport.Table("nonsense", List.of("a"), 0))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("'nonsense'");
        assertThat(file).doesNotExist();
    }

    @Test
    void aColumnTheSchemaLacksIsRefusedAndNoFileIsLeft() {
        Path file = dir.resolve("snap.db");

        assertThatThrownBy(() -> files.write(file, sink -> sink.table(
                new MetadataExport.Table("api_tokens", List.of("id", "password; DROP TABLE documents"), 0))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("column 'password; DROP TABLE documents'");
        assertThat(file).doesNotExist();
    }

    @Test
    void anExportThatHandsOverFewerRowsThanItAnnouncedIsRefused() {
        Path file = dir.resolve("snap.db");

        assertThatThrownBy(() -> files.write(file, sink -> sink.table(
                new MetadataExport.Table("stowage_meta", List.of("key", "value"), 2))))
                .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("announced 2 rows of 'stowage_meta'");
        assertThat(file).doesNotExist();
    }

    /** Every table of a SQLite file but the skipped ones, parents first, as an engine's export would give them. */
    private record TablesOf(Path file, Set<String> skipped) implements MetadataExport {
        @Override
        public void exportTo(Sink sink) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
                for (String table : parentsFirst(c)) {
                    if (skipped.contains(table)) {
                        continue;
                    }
                    var columns = new ArrayList<String>();
                    try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM pragma_table_info('" + table + "')")) {
                        while (rs.next()) {
                            columns.add(rs.getString(1));
                        }
                    }
                    List<Object[]> all = rowsOf(c, table, columns.size());
                    sink.table(new Table(table, columns, all.size()));
                    for (int i = 0; i < all.size(); i += BATCH_ROWS) {
                        sink.rows(all.subList(i, Math.min(all.size(), i + BATCH_ROWS)));
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }

        private static List<String> parentsFirst(Connection c) throws SQLException {
            var parents = new TreeMap<String, Set<String>>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                    + "AND name NOT LIKE 'sqlite%' AND name <> 'flyway_schema_history'")) {
                while (rs.next()) {
                    parents.put(rs.getString(1), new LinkedHashSet<>());
                }
            }
            for (String table : parents.keySet()) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT \"table\" FROM pragma_foreign_key_list('" + table + "')")) {
                    while (rs.next()) {
                        parents.get(table).add(rs.getString(1));
                    }
                }
            }
            var order = new LinkedHashSet<String>();
            while (order.size() < parents.size()) {
                parents.forEach((table, theirs) -> {
                    if (!order.contains(table) && order.containsAll(theirs)) {
                        order.add(table);
                    }
                });
            }
            return List.copyOf(order);
        }
    }

    private static List<Object[]> rowsOf(Connection c, String table, int columns) throws SQLException {
        var all = new ArrayList<Object[]>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid")) {
            while (rs.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = rs.getObject(i + 1);
                }
                all.add(row);
            }
        } catch (SQLException e) {
            // a WITHOUT ROWID table: its primary key orders it
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1")) {
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    all.add(row);
                }
            }
        }
        return all;
    }

    private static List<List<Object>> rows(Path file, String table) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            int columns;
            try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pragma_table_info('" + table + "')")) {
                rs.next();
                columns = rs.getInt(1);
            }
            var out = new ArrayList<List<Object>>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY 1, 2")) {
                while (rs.next()) {
                    var row = new ArrayList<Object>();
                    for (int i = 0; i < columns; i++) {
                        Object v = rs.getObject(i + 1);
                        row.add(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : v);
                    }
                    out.add(row);
                }
            }
            return out;
        }
    }

    private List<BlobReference> blobs(Path file) {
        var found = new ArrayList<BlobReference>();
        files.forEachBlob(file, found::add);
        return found;
    }
}
