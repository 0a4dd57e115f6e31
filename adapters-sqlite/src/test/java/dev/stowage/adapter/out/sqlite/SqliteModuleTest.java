package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.AbstractModule;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.Transactions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteModuleTest {
    @TempDir
    Path dir;

    @Test
    void bindsTheEnginePortsAsSingletonsAndContributesLifecycleAndHealth() {
        Injector injector = Guice.createInjector(new SqliteModule(TestEngine.settings(dir)), new AbstractModule() {
            @Override
            protected void configure() {
                bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry());
                bind(Clock.class).toInstance(Clock.systemUTC());
            }
        });
        Set<Managed> managed = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { }));
        Set<HealthIndicator> health = injector.getInstance(Key.get(new TypeLiteral<Set<HealthIndicator>>() { }));
        Transactions transactions = injector.getInstance(Transactions.class);
        DatabaseAdmin admin = injector.getInstance(DatabaseAdmin.class);

        Managed engine = managed.stream().filter(m -> m.phase() == 0).findFirst().orElseThrow();
        assertThat(engine).isSameAs(transactions);
        assertThat(managed).singleElement().isSameAs(engine);
        assertThat(injector.getInstance(Transactions.class)).isSameAs(transactions);
        assertThat(injector.getInstance(DatabaseAdmin.class)).isSameAs(admin);
        // one store serves every role of the queue, so a claim sees what an enqueue stored
        JobEnqueueStore jobs = injector.getInstance(JobEnqueueStore.class);
        assertThat(jobs).isSameAs(injector.getInstance(JobEnqueueStore.class));
        assertThat(List.of(injector.getInstance(JobWorkStore.class), injector.getInstance(JobManageStore.class),
                injector.getInstance(JobAdminStore.class), injector.getInstance(JobImportStore.class)))
                .allSatisfy(port -> assertThat(port).isSameAs(jobs));
        assertThat(injector.getInstance(JobTemplates.class)).isSameAs(injector.getInstance(JobTemplates.class));
        assertThat(health).singleElement().extracting(HealthIndicator::component).isEqualTo("database");

        engine.start();
        try {
            assertThat(transactions.write(() -> "written")).isEqualTo("written");
            assertThat(admin.info().pendingMigrations()).isEmpty();
            assertThat(health.iterator().next().check().up()).isTrue();
            injector.getInstance(Db.class).write(ctx -> ctx.execute(
                    "INSERT INTO stowage_meta (key, value) VALUES ('instance', 'x')"));
        } finally {
            engine.stop();
        }
    }

    @Test
    void refusesToAssembleWithoutAMeterRegistryOrAClock() {
        assertThatThrownBy(() -> Guice.createInjector(new SqliteModule(TestEngine.settings(dir))))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("MeterRegistry")
                .hasMessageContaining("Clock");
    }
}
