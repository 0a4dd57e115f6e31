package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.OptionalBinder;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.testing.contract.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocumentsAndTokensModuleTest {
    @TempDir
    Path dir;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void bindsTheCachedCatalogAndTheStoresAsSingletons() {
        Injector injector = injector(null);
        DocumentCatalog catalog = injector.getInstance(DocumentCatalog.class);

        assertThat(catalog).isInstanceOf(CachedDocumentCatalog.class).isSameAs(injector.getInstance(DocumentCatalog.class));
        assertThat(injector.getInstance(UploadSessions.class)).isInstanceOf(SqliteUploadSessions.class);
        assertThat(injector.getInstance(TokenStore.class)).isInstanceOf(SqliteTokenStore.class);

        Managed engine = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })).iterator().next();
        engine.start();
        try {
            Fixtures fx = new Fixtures();
            var doc = fx.document(fx.user("ana"), "report").build();
            catalog.insert(doc);
            catalog.find(doc.id());
            catalog.find(doc.id());
            assertThat(registry.get("stowage.cache.gets").tag("cache", "documents").tag("result", "hit")
                    .functionCounter().count()).isEqualTo(1);
        } finally {
            engine.stop();
        }
    }

    @Test
    void aZeroBoundTurnsTheCacheOff() {
        Injector injector = injector(new DocumentCacheSettings(0));

        assertThat(injector.getInstance(DocumentCatalog.class)).isInstanceOf(SqliteDocumentCatalog.class);
        assertThat(registry.find("stowage.cache.gets").meters()).isEmpty();
    }

    private Injector injector(DocumentCacheSettings cache) {
        return Guice.createInjector(new SqliteModule(TestEngine.settings(dir)), new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(registry);
                bind(Clock.class).toInstance(Clock.systemUTC());
                if (cache != null) {
                    OptionalBinder.newOptionalBinder(binder(), DocumentCacheSettings.class).setBinding().toInstance(cache);
                }
            }
        });
    }
}
