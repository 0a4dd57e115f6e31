package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.SnapshotFiles;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * Snapshot files: SQLite database files with Stowage's schema, read, checked and migrated for
 * backup and restore, and written from another engine's exported rows (a PostgreSQL backup).
 */
public class SqliteSnapshotFiles implements SnapshotFiles {
    private static final String HISTORY = "flyway_schema_history";
    private static final int MAX_INTEGRITY_LINES = 20;

    /**
     * Where blobs are referred to. A store that keeps blob references adds its columns here, so
     * every backup takes its blobs along; a revision's image stays referenced while the revision is
     * kept, so its columns are here too.
     */
    private static final List<BlobColumns> BLOB_COLUMNS = List.of(
            BlobColumns.recorded("documents", "blob_key", "size", "sha256"),
            BlobColumns.recorded("programs", "image_blob", "image_size", "image_sha256"),
            BlobColumns.keyOnly("programs", "thumbnail_blob"),
            BlobColumns.recorded("program_revisions", "image_blob", "image_size", "image_sha256"),
            BlobColumns.keyOnly("program_revisions", "thumbnail_blob"));

    /** A table's blob key column, with the columns of its size and digest, or none (null) when it has no such columns. */
    private record BlobColumns(String table, String key, String size, String sha256) {
        static BlobColumns recorded(String table, String key, String size, String sha256) {
            return new BlobColumns(table, key, size, sha256);
        }

        /** Program thumbnails: V9 keeps only their key. */
        static BlobColumns keyOnly(String table, String key) {
            return new BlobColumns(table, key, null, null);
        }

        String select() {
            String facts = size == null ? "NULL AS n, NULL AS h" : quote(size) + " AS n, " + quote(sha256) + " AS h";
            return "SELECT " + quote(key) + " AS k, " + facts + " FROM " + quote(table) + " WHERE " + quote(key) + " IS NOT NULL";
        }
    }

    /**
     * Checks read the file through a memory map: {@code integrity_check} reads every page, and
     * without the map each read is a system call and a copy (about half its CPU time in a local
     * trial). SQLite clamps the size to its build's maximum. A mapped file must not be cut short
     * under the reader: a snapshot file is this process's own, and the live file is held still
     * while it is checked (see SqliteDatabaseSnapshots).
     */
    static final String MAP_FOR_CHECKS = "PRAGMA mmap_size=" + (1L << 40);

    @Override
    public SnapshotFacts inspect(Path file) {
        String version = schemaVersion(file);
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
            s.execute(MAP_FOR_CHECKS);
            Map<String, Long> counts = rowCounts(s);
            String check = integrityCheck(s);
            return new SnapshotFacts(version, counts, check, foreignKeyErrors(s));
        } catch (SQLException e) {
            throw notADatabase(file, e);
        }
    }

    /** Rows per table (Stowage's tables, not the migration history), in the statement's transaction. */
    static Map<String, Long> rowCounts(Statement s) throws SQLException {
        var counts = new TreeMap<String, Long>();
        for (String table : tables(s)) {
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
                rs.next();
                counts.put(table, rs.getLong(1));
            }
        }
        return counts;
    }

    /** {@code integrity_check}: {@code ok}, or its first findings on one line. */
    static String integrityCheck(Statement s) throws SQLException {
        var integrity = new ArrayList<String>();
        try (ResultSet rs = s.executeQuery("PRAGMA integrity_check(" + MAX_INTEGRITY_LINES + ")")) {
            while (rs.next()) {
                integrity.add(rs.getString(1).replaceAll("\\p{Cntrl}", " "));
            }
        }
        String check = integrity.isEmpty() ? "no result" : String.join("; ", integrity);
        return check.length() > 4000 ? check.substring(0, 4000) : check;
    }

    static long foreignKeyErrors(Statement s) throws SQLException {
        long fkErrors = 0;
        try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
            while (rs.next()) {
                fkErrors++;
            }
        }
        return fkErrors;
    }

    @Override
    public void forEachBlob(Path file, Consumer<BlobReference> sink) {
        schemaVersion(file);
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
            forEachBlob(s, sink);
        } catch (SQLException e) {
            throw notADatabase(file, e);
        }
    }

    /** {@link #forEachBlob(Path, Consumer)} in the statement's transaction. */
    static void forEachBlob(Statement s, Consumer<BlobReference> sink) throws SQLException {
        List<String> present = tables(s);
        var queries = new ArrayList<String>();
        for (BlobColumns cols : BLOB_COLUMNS) {
            if (present.contains(cols.table())) {
                queries.add(cols.select());
            }
        }
        if (queries.isEmpty()) {
            return;
        }
        // UNION (not UNION ALL) gives each (key, size, digest) once; within a key the rows that
        // record facts come first, so a key also referred to by key alone is not listed again
        String sql = "SELECT k, n, h FROM (" + String.join(" UNION ", queries) + ") ORDER BY k, h IS NULL, n, h";
        try (ResultSet rs = s.executeQuery(sql)) {
            String last = null;
            while (rs.next()) {
                String key = rs.getString(1);
                String sha = rs.getString(3);
                if (sha == null) {
                    if (!key.equals(last)) {
                        sink.accept(BlobReference.keyOnly(new BlobKey(key)));
                    }
                } else {
                    sink.accept(BlobReference.of(new BlobEntry(new BlobKey(key), rs.getLong(2), new Sha256(sha))));
                }
                last = key;
            }
        }
    }

    @Override
    public List<String> migrate(Path file) {
        schemaVersion(file);
        SQLiteConfig config = new SQLiteConfig();
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file);
        return new Migrations(ds).migrate();
    }

    @Override
    public Map<String, Long> write(Path file, MetadataExport source) {
        Objects.requireNonNull(source, "source");
        if (Files.exists(file)) {
            throw new AlreadyExistsException("snapshot file '" + file + "' already exists");
        }
        boolean done = false;
        try {
            SQLiteConfig config = new SQLiteConfig();
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            config.enforceForeignKeys(true);
            SQLiteDataSource ds = new SQLiteDataSource(config);
            ds.setUrl("jdbc:sqlite:" + file);
            new Migrations(ds).migrate();
            Map<String, Long> written;
            try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
                c.setAutoCommit(false);
                var sink = new InsertingSink(c);
                source.exportTo(sink);
                written = sink.finish();
                c.commit();
            }
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            done = true;
            return written;
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } catch (IOException e) {
            throw new StorageUnavailableException("writing the snapshot '" + file + "' failed: " + e.getMessage(), e);
        } finally {
            if (!done) {
                deleteQuietly(file);
            }
        }
    }

    /**
     * Inserts an export's rows table by table, each into the file's table of the same name and
     * columns; checks every table's count against the export's when the next begins and at the end.
     */
    private static final class InsertingSink implements MetadataExport.Sink {
        private final Connection c;
        private final Map<String, Long> written = new LinkedHashMap<>();
        private MetadataExport.Table table;
        private PreparedStatement insert;
        private long count;

        InsertingSink(Connection c) {
            this.c = c;
        }

        @Override
        public void table(MetadataExport.Table next) {
            try {
                endTable();
                Set<String> columns = columnsOf(next.name());
                if (columns.isEmpty()) {
                    throw new InvalidInputException("the export has a table '" + next.name() + "' that a snapshot file lacks");
                }
                for (String col : next.columns()) {
                    if (!columns.contains(col)) {
                        throw new InvalidInputException("the export's table '" + next.name() + "' has a column '" + col
                                + "' that a snapshot file lacks");
                    }
                }
                table = next;
                count = 0;
                insert = c.prepareStatement("INSERT INTO " + quote(next.name()) + " ("
                        + next.columns().stream().map(SqliteSnapshotFiles::quote).collect(Collectors.joining(", "))
                        + ") VALUES (" + "?, ".repeat(next.columns().size() - 1) + "?)");
            } catch (SQLException e) {
                throw SqliteErrors.translate(e);
            }
        }

        @Override
        public void rows(List<Object[]> batch) {
            if (table == null) {
                throw new IllegalStateException("rows before any table");
            }
            try {
                for (Object[] row : batch) {
                    if (row.length != table.columns().size()) {
                        throw new InvalidInputException("a row of '" + table.name() + "' has " + row.length
                                + " values for " + table.columns().size() + " columns");
                    }
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
                count += batch.size();
            } catch (SQLException e) {
                throw SqliteErrors.translate(e);
            }
        }

        Map<String, Long> finish() throws SQLException {
            endTable();
            return Map.copyOf(written);
        }

        private void endTable() throws SQLException {
            if (table == null) {
                return;
            }
            insert.close();
            if (count != table.rows()) {
                throw new StorageUnavailableException("the export announced " + table.rows() + " rows of '" + table.name()
                        + "' and handed over " + count, null);
            }
            written.put(table.name(), count);
            table = null;
        }

        private Set<String> columnsOf(String name) throws SQLException {
            var names = new HashSet<String>();
            try (PreparedStatement s = c.prepareStatement("SELECT name FROM pragma_table_info(?)")) {
                s.setString(1, name);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
            return names;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file in the backup's tmp folder; the next backup's name differs
        }
    }

    /** The file's schema version; refuses a file that is no Stowage database or is newer than this build. */
    private String schemaVersion(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("'" + file + "' is not a database file");
        }
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = '" + HISTORY + "'")) {
                if (!rs.next()) {
                    throw new InvalidInputException("'" + file.getFileName() + "' is not a Stowage database (no schema history)");
                }
            }
        } catch (SQLException e) {
            throw notADatabase(file, e);
        }
        SQLiteDataSource ds = new SQLiteDataSource(readOnly());
        ds.setUrl(url(file, true));
        Migrations m = new Migrations(ds);
        List<String> future = m.future();
        if (!future.isEmpty()) {
            throw new InvalidInputException("'" + file.getFileName() + "' has schema version " + future.get(future.size() - 1)
                    + ", newer than this build knows");
        }
        return m.state().current();
    }

    private static List<String> tables(Statement s) throws SQLException {
        var names = new ArrayList<String>();
        try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_schema WHERE type = 'table' "
                + "AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name <> '" + HISTORY + "' ORDER BY name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** A table or column name as an SQL identifier; names come from the file's own schema. */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    static Connection open(Path file, boolean readOnly) throws SQLException {
        SQLiteConfig config = readOnly ? readOnly() : new SQLiteConfig();
        return config.createConnection(url(file, readOnly));
    }

    private static SQLiteConfig readOnly() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.OPEN_URI);
        return config;
    }

    /**
     * Read-only files are opened immutable: SQLite then makes no -wal or -shm beside them and takes
     * no locks, which suits a snapshot nobody writes.
     */
    private static String url(Path file, boolean readOnly) {
        if (!readOnly) {
            return "jdbc:sqlite:" + file;
        }
        return "jdbc:sqlite:" + file.toUri() + "?mode=ro&immutable=1";
    }

    private static RuntimeException notADatabase(Path file, SQLException e) {
        String msg = String.valueOf(e.getMessage());
        if (msg.contains("NOTADB") || msg.contains("not a database") || msg.contains("CANTOPEN")) {
            return new InvalidInputException("'" + file.getFileName() + "' is not a readable SQLite database");
        }
        return SqliteErrors.translate(e);
    }
}
