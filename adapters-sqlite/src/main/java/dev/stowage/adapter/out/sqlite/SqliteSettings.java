package dev.stowage.adapter.out.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the SQLite engine opens and runs its database file.
 *
 * @param databaseFile       the database file; its folder is created on start when missing
 * @param synchronous        how hard a commit waits for the disk ({@link Synchronous#NORMAL} by default)
 * @param readPoolSize       read-only connections for {@code Transactions.read}, 1 to 64
 * @param busyTimeout        how long SQLite itself waits for a lock held by another connection or
 *                           process before reporting it busy; zero or more, under 24 days
 * @param maxBusyRetries     how many times a busy lock is retried, with exponential backoff, after
 *                           the busy timeout ran out; 0 to 100
 * @param checkpointInterval how often a passive WAL checkpoint runs; positive
 * @param migrateOnStart     true to apply pending schema migrations when the engine starts
 */
public record SqliteSettings(Path databaseFile, Synchronous synchronous, int readPoolSize, Duration busyTimeout,
                             int maxBusyRetries, Duration checkpointInterval, boolean migrateOnStart) {

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
        if (databaseFile.getFileName() == null) {
            throw new IllegalArgumentException("databaseFile must name a file, not '" + databaseFile + "'");
        }
        if (readPoolSize < 1 || readPoolSize > 64) {
            throw new IllegalArgumentException("readPoolSize must be between 1 and 64, not " + readPoolSize);
        }
        // SQLite takes the busy timeout as an int of milliseconds
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE
                    + " ms, not " + busyTimeout);
        }
        if (maxBusyRetries < 0 || maxBusyRetries > 100) {
            throw new IllegalArgumentException("maxBusyRetries must be between 0 and 100, not " + maxBusyRetries);
        }
        if (checkpointInterval.isNegative() || checkpointInterval.isZero()) {
            throw new IllegalArgumentException("checkpointInterval must be positive, not " + checkpointInterval);
        }
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
    Path walFile() {
        return databaseFile.resolveSibling(databaseFile.getFileName() + "-wal");
    }
}
