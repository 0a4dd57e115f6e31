package dev.stowage.adapter.out.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.MetadataImport;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.application.port.out.UploadSessions;

/**
 * The document, resumable-upload, token, program and backup-catalog stores on PostgreSQL (V2),
 * and the metadata's export and import as rows ({@code stowage db copy}).
 * Installed by {@link PostgresModule}. The document catalog and program store are also the blob
 * reference holders the assembly hands the sweeper and {@code fsck}.
 *
 * <p>The document catalog has no cache here, unlike on SQLite: several instances share the
 * database, and one instance's cache would not see another's changes.
 */
final class DataStoresModule extends AbstractModule {

    @Provides
    @Singleton
    DocumentCatalog documentCatalog(Db db) {
        return new PgDocumentCatalog(db);
    }

    @Provides
    @Singleton
    UploadSessions uploadSessions(Db db) {
        return new PgUploadSessions(db);
    }

    @Provides
    @Singleton
    TokenStore tokenStore(Db db) {
        return new PgTokenStore(db);
    }

    @Provides
    @Singleton
    ProgramStore programStore(Db db) {
        return new PgProgramStore(db);
    }

    @Provides
    @Singleton
    BackupCatalog backupCatalog(Db db) {
        return new PgBackupCatalog(db);
    }

    @Provides
    @Singleton
    PgMetadataRows metadataRows(Db db) {
        return new PgMetadataRows(db);
    }

    @Provides
    MetadataExport metadataExport(PgMetadataRows rows) {
        return rows;
    }

    @Provides
    MetadataImport metadataImport(PgMetadataRows rows) {
        return rows;
    }
}
