package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.DatabaseSnapshots;
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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.SQLiteOpenMode;

/**
 * Snapshots of the live database through SQLite's online backup API, and checks of database files.
 *
 * <p>The copy runs in ONE step ({@code pagesPerStep = -1}) from a read connection of its own: one
 * read transaction covers the whole copy, so it is exactly one committed moment, and in WAL mode a
 * reader does not hold up the writer. Copied in small steps instead, SQLite restarts the copy each
 * time a writer commits between steps (sqlite-jdbc's {@code backup to} statement does that, 100
 * pages a step), which under steady writes may never finish.
 */
public final class SqliteDatabaseSnapshots implements DatabaseSnapshots {
    private static final int SQLITE_OK = 0;
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

    private final SqliteSettings settings;

    public SqliteDatabaseSnapshots(SqliteSettings settings) {
        this.settings = settings;
    }

    @Override
    public void snapshotTo(Path target) {
        if (Files.exists(target)) {
            throw new AlreadyExistsException("snapshot file '" + target + "' already exists");
        }
        try {
            ConnectionFactory live = new ConnectionFactory(settings);
            try (Session reader = live.openReader()) {
                Connection jdbc = reader.jdbc();
                int rc = jdbc.unwrap(SQLiteConnection.class).getDatabase()
                        .backup("main", target.toString(), null, 0, 0, -1);
                if (rc != SQLITE_OK) {
                    throw new StorageUnavailableException("copying the database to '" + target + "' failed with SQLite result "
                            + rc, null);
                }
            }
            // The copy carries the live file's WAL flag; a snapshot is one self-contained file.
            try (Connection copy = open(target, false); Statement s = copy.createStatement()) {
                s.execute("PRAGMA journal_mode=DELETE");
            }
            try (FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
        } catch (SQLException e) {
            throw SqliteErrors.translate(e);
        } catch (IOException e) {
            throw new StorageUnavailableException("syncing the snapshot '" + target + "' failed: " + e.getMessage(), e);
        }
    }

    @Override
    public SnapshotFacts inspect(Path file) {
        String version = schemaVersion(file);
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
            var counts = new TreeMap<String, Long>();
            for (String table : tables(s)) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + quote(table))) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
            var integrity = new ArrayList<String>();
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check(" + MAX_INTEGRITY_LINES + ")")) {
                while (rs.next()) {
                    integrity.add(rs.getString(1).replaceAll("\\p{Cntrl}", " "));
                }
            }
            long fkErrors = 0;
            try (ResultSet rs = s.executeQuery("PRAGMA foreign_key_check")) {
                while (rs.next()) {
                    fkErrors++;
                }
            }
            String check = integrity.isEmpty() ? "no result" : String.join("; ", integrity);
            return new SnapshotFacts(version, counts, check.length() > 4000 ? check.substring(0, 4000) : check, fkErrors);
        } catch (SQLException e) {
            throw notADatabase(file, e);
        }
    }

    @Override
    public void forEachBlob(Path file, Consumer<BlobReference> sink) {
        schemaVersion(file);
        try (Connection c = open(file, true); Statement s = c.createStatement()) {
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
        } catch (SQLException e) {
            throw notADatabase(file, e);
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
    private static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    private static Connection open(Path file, boolean readOnly) throws SQLException {
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
