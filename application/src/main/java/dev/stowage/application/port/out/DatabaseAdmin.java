package dev.stowage.application.port.out;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Administration of the metadata database: schema migrations, facts for operators, and WAL
 * checkpoints.
 */
public interface DatabaseAdmin {

    /**
     * Applies every pending schema migration, in order, each in its own transaction. Idempotent:
     * with nothing pending it changes nothing.
     *
     * @return the migrations applied by this call (empty when the schema was current)
     * @throws dev.stowage.domain.error.StorageException when a migration fails; the schema is left at
     *         the last migration that succeeded
     */
    List<String> migrate();

    /** Facts about the database, read without changing it. */
    DatabaseInfo info();

    /**
     * Runs a checkpoint that copies the WAL into the main database file.
     *
     * @param mode {@code PASSIVE} never waits for readers or writers; {@code TRUNCATE} waits for
     *             them and leaves an empty WAL
     */
    CheckpointResult checkpoint(CheckpointMode mode);

    /**
     * Where the live database is, read from the configuration without touching the database (it need
     * not be open): what a restore in place would have to replace. A restore builds a data folder
     * with a SQLite database file in it, so only a {@link Location.InFile} database can be replaced in
     * place; a {@link Location.OnServer} one is filled from such a folder with its engine's copy command.
     */
    Location location();

    /** Where a live database is. */
    sealed interface Location {

        /**
         * A database file on the local disk (SQLite).
         *
         * @param file the live database file, absolute
         */
        record InFile(Path file) implements Location {
            public InFile {
                file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
                if (file.getParent() == null) {
                    throw new IllegalArgumentException("a database file must be in a folder");
                }
            }
        }

        /**
         * A database on a server, which no data folder holds (PostgreSQL).
         *
         * @param backend     the {@code stowage.database.backend} that names it, for messages
         * @param copyCommand the command that copies a SQLite data folder's database into it
         */
        record OnServer(String backend, String copyCommand) implements Location {
            public OnServer {
                if (Objects.requireNonNull(backend, "backend").isBlank()) {
                    throw new IllegalArgumentException("backend must not be blank");
                }
                if (Objects.requireNonNull(copyCommand, "copyCommand").isBlank()) {
                    throw new IllegalArgumentException("copyCommand must not be blank");
                }
            }
        }
    }

    /** How hard a checkpoint tries. */
    enum CheckpointMode { PASSIVE, FULL, TRUNCATE }

    /**
     * @param busy     true when the checkpoint could not finish because of readers or writers
     * @param walPages pages in the WAL when it ran
     * @param copied   pages copied into the database file
     */
    record CheckpointResult(boolean busy, int walPages, int copied) {
    }

    /**
     * @param schemaVersion      the latest applied migration version, or "none" on an empty database
     * @param pendingMigrations  versions not yet applied
     * @param databasePath       the database file
     * @param databaseBytes      size of the database file
     * @param walBytes           size of the write-ahead log (0 when absent)
     * @param journalMode        as SQLite reports it ({@code wal} expected)
     * @param synchronous        the {@code synchronous} level in force
     */
    record DatabaseInfo(String schemaVersion, List<String> pendingMigrations, String databasePath,
                        long databaseBytes, long walBytes, String journalMode, String synchronous) {
        public DatabaseInfo {
            pendingMigrations = List.copyOf(pendingMigrations);
        }
    }
}
