package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.OptionalBinder;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.UploadSessions;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The document and resumable-upload stores on the SQLite engine. Installed by
 * {@link SqliteModule}; the document catalog is bound behind its cache unless
 * {@link DocumentCacheSettings} turns the cache off.
 */
final class DocumentsModule extends AbstractModule {

    @Override
    protected void configure() {
        OptionalBinder.newOptionalBinder(binder(), DocumentCacheSettings.class)
                .setDefault().toInstance(DocumentCacheSettings.defaults());
    }

    @Provides
    @Singleton
    DocumentCatalog documentCatalog(Db db, DocumentCacheSettings settings, MeterRegistry registry) {
        SqliteDocumentCatalog catalog = new SqliteDocumentCatalog(db);
        if (!settings.enabled()) {
            return catalog;
        }
        var cache = CachedDocumentCatalog.newCache(settings);
        DocumentCacheMetrics.bind(registry, cache);
        return new CachedDocumentCatalog(catalog, db, cache);
    }

    @Provides
    @Singleton
    UploadSessions uploadSessions(Db db) {
        return new SqliteUploadSessions(db);
    }
}
