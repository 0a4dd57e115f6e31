package dev.stowage.bootstrap.assembly;

import com.google.inject.Module;
import dev.stowage.adapter.out.sqlite.SqliteModule;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.bootstrap.config.StowageConfig.Database;

/** Turns {@code stowage.database.*} into the SQLite engine's module. */
final class DatabaseModules {

    private DatabaseModules() {
    }

    /**
     * @param migrateOnStart overrides {@code stowage.database.migrate-on-start}: the {@code db}
     *                       commands open the database without migrating so that they can report
     *                       and apply migrations themselves
     */
    static Module sqlite(Database database, boolean migrateOnStart) {
        return new SqliteModule(settings(database, migrateOnStart));
    }

    static SqliteSettings settings(Database database, boolean migrateOnStart) {
        return new SqliteSettings(
                database.path(),
                SqliteSettings.Synchronous.valueOf(database.synchronous().name()),
                database.readPoolSize(),
                database.busyTimeout(),
                database.maxBusyRetries(),
                database.checkpointInterval(),
                migrateOnStart);
    }
}
