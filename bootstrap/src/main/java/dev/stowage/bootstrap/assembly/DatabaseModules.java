package dev.stowage.bootstrap.assembly;

import com.google.inject.Module;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.util.Modules;
import dev.stowage.adapter.out.sqlite.DocumentCacheSettings;
import dev.stowage.adapter.out.sqlite.SqliteModule;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.bootstrap.config.StowageConfig;

/** Turns {@code stowage.database.*} into the SQLite engine's module. */
final class DatabaseModules {

    private DatabaseModules() {
    }

    /**
     * @param migrateOnStart overrides {@code stowage.database.migrate-on-start}: the {@code db}
     *                       commands open the database without migrating so that they can report
     *                       and apply migrations themselves
     */
    static Module sqlite(SqliteSettings database, boolean migrateOnStart) {
        return new SqliteModule(new SqliteSettings(database.databaseFile(), database.synchronous(),
                database.readPoolSize(), database.busyTimeout(), database.maxBusyRetries(),
                database.checkpointInterval(), migrateOnStart));
    }

    /** The SQLite engine with the stores' settings from the whole configuration (the metadata cache). */
    static Module sqlite(StowageConfig config) {
        return Modules.combine(new SqliteModule(config.database()),
                binder -> OptionalBinder.newOptionalBinder(binder, DocumentCacheSettings.class).setBinding()
                        .toInstance(config.documentCache()));
    }
}
