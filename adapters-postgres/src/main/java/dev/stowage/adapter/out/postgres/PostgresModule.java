package dev.stowage.adapter.out.postgres;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Leadership;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueWakeUps;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.UlidSequence;
import java.time.Clock;
import java.util.Objects;

/**
 * The PostgreSQL engine as Guice bindings.
 *
 * <p>Binds, as singletons, {@link Transactions}, {@link DatabaseAdmin}, the maintenance
 * {@link Leadership} (a session advisory lock), the job queue's five store
 * ports (one {@code PgJobStore}) and {@link JobTemplates}, and contributes the
 * engine to {@code Set<Managed>} (phase 0: it starts before and stops after everything that uses
 * it), the NOTIFY listener (phase 10) to {@code Set<Managed>} and {@code Set<QueueWakeUps>}, and a
 * {@code database} entry to {@code Set<HealthIndicator>}. The assembler must bind a {@link Clock}.
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
        // documents, uploads, tokens, programs and the backup catalog
        install(new DataStoresModule());
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

    /** The maintenance leadership among the instances on this database; connects only when asked. */
    @Provides
    @Singleton
    Leadership leadership() {
        return new PgLeadership(settings);
    }

    @Provides
    @Singleton
    Db db(PgEngine engine) {
        return new Db(engine);
    }

    // ---- the job queue: its five store ports, all one PgJobStore, and JobTemplates. Lease ids only
    // need to be fresh ULIDs, so the store makes them with a generator of its own on the bound Clock.
    // The wake-up listener turns NOTIFYs from every process into QueueWakeUps news, which the
    // application passes on to its waiting workers.

    @Provides
    @Singleton
    PgJobStore jobStore(Db db, Clock clock) {
        return new PgJobStore(db, new UlidSequence(clock)::next, settings.wakeUps() == PostgresSettings.WakeUps.NOTIFY);
    }

    @Provides
    JobEnqueueStore jobEnqueueStore(PgJobStore store) {
        return store;
    }

    @Provides
    JobWorkStore jobWorkStore(PgJobStore store) {
        return store;
    }

    @Provides
    JobManageStore jobManageStore(PgJobStore store) {
        return store;
    }

    @Provides
    JobAdminStore jobAdminStore(PgJobStore store) {
        return store;
    }

    @Provides
    JobImportStore jobImportStore(PgJobStore store) {
        return store;
    }

    @Provides
    @Singleton
    JobTemplates jobTemplates(Db db) {
        return new PgJobTemplates(db);
    }

    @Provides
    @Singleton
    PgWakeUps wakeUps() {
        return new PgWakeUps(settings);
    }

    @ProvidesIntoSet
    Managed managedWakeUps(PgWakeUps wakeUps) {
        return wakeUps;
    }

    @ProvidesIntoSet
    QueueWakeUps queueWakeUps(PgWakeUps wakeUps) {
        return wakeUps;
    }
    // ---- end of the job queue
}
