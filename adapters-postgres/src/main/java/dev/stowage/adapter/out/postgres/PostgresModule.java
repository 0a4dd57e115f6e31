package dev.stowage.adapter.out.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.Transactions;
import java.time.Clock;
import java.util.Objects;

/**
 * The PostgreSQL engine as Guice bindings.
 *
 * <p>Binds, as singletons, {@link Transactions} and {@link DatabaseAdmin}, and contributes the
 * engine to {@code Set<Managed>} (phase 0: it starts before and stops after everything that uses
 * it) and a {@code database} entry to {@code Set<HealthIndicator>}. The assembler must bind a
 * {@link Clock}.
 *
 * <p>Nothing connects to the server until {@link Managed#start()}.
 */
public final class PostgresModule extends AbstractModule {
    private final PostgresSettings settings;

    /** A module for the database described by {@code settings}. */
    public PostgresModule(PostgresSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        requireBinding(Clock.class);
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(PgEngine.class);
        Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding().to(PgHealth.class);
    }

    @Provides
    @Singleton
    PgEngine engine() {
        return new PgEngine(settings);
    }

    @Provides
    @Singleton
    Transactions transactions(PgEngine engine) {
        return engine;
    }

    @Provides
    @Singleton
    DatabaseAdmin databaseAdmin(PgEngine engine) {
        return new PgDatabaseAdmin(engine);
    }

    @Provides
    @Singleton
    PgHealth health(PgEngine engine) {
        return new PgHealth(engine);
    }

    @Provides
    @Singleton
    Db db(PgEngine engine) {
        return new Db(engine);
    }
}
