package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the SQLite engine opens and runs its database file.
 *
 * @param databaseFile       the database file; its folder is created on start when missing
 * @param synchronous        how hard a commit waits for the disk ({@link Synchronous#NORMAL} by default)
 * @param readPoolSize       read-only connections for {@code Transactions.read}: {@link #READ_POOL_SIZE}
 * @param busyTimeout        how long SQLite itself waits for a lock held by another connection or
 *                           process before reporting it busy: {@link #BUSY_TIMEOUT}
 * @param maxBusyRetries     how many times a busy lock is retried, with exponential backoff, after
 *                           the busy timeout ran out: {@link #MAX_BUSY_RETRIES}
 * @param checkpointInterval how often a passive WAL checkpoint runs: {@link #CHECKPOINT_INTERVAL}
 * @param migrateOnStart     true to apply pending schema migrations when the engine starts
 */
public record SqliteSettings(Path databaseFile, Synchronous synchronous, int readPoolSize, Duration busyTimeout,
                             int maxBusyRetries, Duration checkpointInterval, boolean migrateOnStart) {

    /** 1 to 64 readers: more only adds memory, SQLite's readers do not scale past the cores. */
    public static final Allowed.Whole READ_POOL_SIZE = Allowed.whole(1, 64);
    /** 0s to 10m: a longer wait is a hung process, better reported. */
    public static final Allowed.Span BUSY_TIMEOUT = Allowed.span(Duration.ZERO, Duration.ofMinutes(10));
    /** 0 to 100 retries. */
    public static final Allowed.Whole MAX_BUSY_RETRIES = Allowed.whole(0, 100);
    /** 1ms (tests checkpoint often) to 1d. */
    public static final Allowed.Span CHECKPOINT_INTERVAL = Allowed.span(Duration.ofMillis(1), Duration.ofDays(1));

    /** SQLite's {@code synchronous} levels that are safe with a write-ahead log. */
    public enum Synchronous {
        /**
         * A commit is durable once the WAL is synced at a checkpoint; a power loss can lose the last
         * commits but never corrupts the database. The right default for most applications.
         */
        NORMAL,
        /** Every commit syncs the WAL before it returns: durable at once, slower per commit. */
        FULL
    }

    public SqliteSettings {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(synchronous, "synchronous");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        databaseFile = databaseFile.toAbsolutePath().normalize();
        SettingsCheck.of(SqliteSettings.class)
                .that(databaseFile.getFileName() != null, "databaseFile", databaseFile, "does not name a file")
                .in("readPoolSize", readPoolSize, READ_POOL_SIZE)
                .in("busyTimeout", busyTimeout, BUSY_TIMEOUT)
                .in("maxBusyRetries", maxBusyRetries, MAX_BUSY_RETRIES)
                .in("checkpointInterval", checkpointInterval, CHECKPOINT_INTERVAL)
                .done();
    }

    /**
     * The recommended settings for {@code databaseFile}: synchronous NORMAL, 4 readers, a 5 second
     * busy timeout with 8 retries, a checkpoint every minute, and migrations on start.
     */
    public static SqliteSettings defaults(Path databaseFile) {
        return new SqliteSettings(databaseFile, Synchronous.NORMAL, 4, Duration.ofSeconds(5), 8,
                Duration.ofMinutes(1), true);
    }

    /** The write-ahead log next to the database file. */
    public Path walFile() {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    }
}
