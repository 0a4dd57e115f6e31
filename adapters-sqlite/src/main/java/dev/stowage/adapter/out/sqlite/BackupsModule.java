package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.SqliteDatabaseSnapshots;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DatabaseSnapshots;
import java.util.Objects;

/**
 * What backups need of the SQLite engine: the catalog of backups taken and restored
 * ({@link BackupCatalog}) and consistent copies of the database file ({@link DatabaseSnapshots}).
 * Installed by {@link SqliteModule}.
 */
final class BackupsModule extends AbstractModule {
    private final SqliteSettings settings;

    BackupsModule(SqliteSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Provides
    @Singleton
    DatabaseSnapshots databaseSnapshots() {
        return new SqliteDatabaseSnapshots(settings);
    }

    @Provides
    @Singleton
    BackupCatalog backupCatalog(Db db) {
        return new SqliteBackupCatalog(db);
    }
}
