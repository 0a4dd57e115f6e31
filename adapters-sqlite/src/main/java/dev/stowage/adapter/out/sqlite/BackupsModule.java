package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.SqliteDatabaseSnapshots;
import dev.stowage.adapter.out.sqlite.engine.SqliteEngine;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.MetadataExport;

/**
 * What backups need of the SQLite engine: the catalog of backups taken and restored
 * ({@link BackupCatalog}), consistent copies of the database file ({@link DatabaseSnapshots}), and
 * its tables read out as rows for {@code stowage db copy} ({@link MetadataExport}).
 * Installed by {@link SqliteModule}.
 */
final class BackupsModule extends AbstractModule {
    @Provides
    @Singleton
    DatabaseSnapshots databaseSnapshots(SqliteEngine engine) {
        // over the engine: a backup holds the live file still rather than copying it (see SqliteDatabaseSnapshots)
        return new SqliteDatabaseSnapshots(engine);
    }

    @Provides
    @Singleton
    BackupCatalog backupCatalog(Db db) {
        return new SqliteBackupCatalog(db);
    }

    @Provides
    @Singleton
    MetadataExport metadataExport(Db db) {
        return new SqliteMetadataExport(db);
    }
}
