package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.program.Program;
import dev.stowage.testing.contract.Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramsModuleTest {
    @TempDir
    Path dir;

    @Test
    void bindsTheSqliteProgramStoreAsASingletonOnTheEnginesDatabase() {
        Injector injector = Guice.createInjector(new SqliteModule(TestEngine.settings(dir)), new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
                bind(Clock.class).toInstance(Clock.systemUTC());
            }
        });
        ProgramStore store = injector.getInstance(ProgramStore.class);

        assertThat(store).isInstanceOf(SqliteProgramStore.class).isSameAs(injector.getInstance(ProgramStore.class));

        Managed engine = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })).stream()
                .filter(m -> m.phase() == 0).findFirst().orElseThrow();
        engine.start();
        try {
            Fixtures fx = new Fixtures();
            Program program = fx.program("wired").image(fx.image(true)).build();
            // joins the caller's transaction like every store of the engine: a rollback takes it back
            Transactions tx = injector.getInstance(Transactions.class);
            try {
                tx.write(() -> {
                    store.insert(fx.program("rolled back").build());
                    throw new IllegalStateException("undo");
                });
            } catch (IllegalStateException expected) {
                // the transaction is rolled back
            }
            store.insert(program);

            assertThat(store.find(program.id())).contains(program);
            assertThat(store.findByName(new dev.stowage.domain.program.ProgramName("rolled back"))).isEmpty();
            assertThat(store.referenced(List.of(program.image().orElseThrow().blob()))).hasSize(1);
        } finally {
            engine.stop();
        }
    }
}
