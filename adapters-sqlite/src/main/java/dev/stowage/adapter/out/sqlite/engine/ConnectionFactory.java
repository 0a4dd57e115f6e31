package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.domain.error.StorageUnavailableException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import javax.sql.DataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Opens connections to the database file with the pragmas each role needs. */
final class ConnectionFactory {
    private static final int WRITER_CACHE_KIB = 16 * 1024;
    private static final int READER_CACHE_KIB = 8 * 1024;
    // after a checkpoint, a WAL that grew during a burst is cut back to this size
    private static final int JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;

    private final SqliteSettings settings;
    private final String url;

    ConnectionFactory(SqliteSettings settings) {
        this.settings = settings;
        this.url = "jdbc:sqlite:" + settings.databaseFile();
    }

    /** The one connection that writes. Turns the file into WAL mode, which then sticks to the file. */
    Session openWriter() throws SQLException {
        SQLiteConfig config = base();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
        config.setCacheSize(-WRITER_CACHE_KIB);
        Connection jdbc = config.createConnection(url);
        Session session = new Session(jdbc);
        try {
            String mode = session.queryString("PRAGMA journal_mode");
            if (!"wal".equalsIgnoreCase(mode)) {
                // SQLite silently keeps the old mode where WAL cannot work (no shared memory, some network disks)
                throw new StorageUnavailableException("the database at " + settings.databaseFile()
                        + " cannot use a write-ahead log (journal mode is '" + mode + "')", null);
            }
            return session;
        } catch (SQLException | RuntimeException e) {
            session.close();
            throw e;
        }
    }

    /**
     * The connection that runs background checkpoints, so that their fsync of the database file
     * happens beside the writer rather than on it. It never writes rows.
     */
    Session openCheckpointer() throws SQLException {
        SQLiteConfig config = base();
        config.setJournalSizeLimit(JOURNAL_SIZE_LIMIT_BYTES);
        config.setCacheSize(-READER_CACHE_KIB);
        return new Session(config.createConnection(url));
    }

    /** A connection that can only read: a write through it fails with SQLITE_READONLY. */
    Session openReader() throws SQLException {
        SQLiteConfig config = base();
        config.setReadOnly(true);
        config.setCacheSize(-READER_CACHE_KIB);
        return new Session(config.createConnection(url));
    }

    /**
     * Connections for Flyway. Its transactions begin IMMEDIATE so that a migration never fails on
     * upgrading a read lock to a write lock.
     */
    DataSource migrationDataSource() {
        SQLiteConfig config = base();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl(url);
        return dataSource;
    }

    private SQLiteConfig base() {
        SQLiteConfig config = new SQLiteConfig();
        config.setSynchronous(SQLiteConfig.SynchronousMode.valueOf(settings.synchronous().name()
                .toUpperCase(Locale.ROOT)));
        config.enforceForeignKeys(true);
        config.setBusyTimeout((int) settings.busyTimeout().toMillis());
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // by default the driver follows every INSERT with a regex over its SQL and a freshly compiled
        // "SELECT last_insert_rowid()", for getGeneratedKeys, which nothing here calls (RETURNING
        // gives rows back): on the writer that was about a tenth of its time per enqueue
        config.setGetGeneratedKeys(false);
        // SQLite's automatic checkpoint (after a commit, on the committing connection) is off on every
        // connection: the engine runs each checkpoint itself, tracked (ChangeTracker), so that it knows
        // which pages of the database file changed; it also keeps the fsync of the file off the writer
        config.setPragma(SQLiteConfig.Pragma.WAL_AUTOCHECKPOINT, "0");
        return config;
    }
}
