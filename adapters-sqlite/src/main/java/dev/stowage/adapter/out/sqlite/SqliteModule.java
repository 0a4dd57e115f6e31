package dev.stowage.adapter.out.sqlite;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.Leadership;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.port.out.SnapshotFiles;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.UlidSequence;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The SQLite engine as Guice bindings.
 *
 * <p>Binds, as singletons, {@link Transactions}, {@link DatabaseAdmin}, {@link DatabaseSnapshots},
 * {@link BackupCatalog}, {@link MetadataExport} (for {@code stowage db copy}), the maintenance
 * {@link Leadership} (a lock file beside the database), the stores (the job queue's five ports, job templates, documents, uploads, tokens, programs), and
 * contributes the
 * engine to {@code Set<Managed>} (phase 0: it starts before and stops after everything that uses
 * it) and a {@code database} entry to {@code Set<HealthIndicator>}. The assembler must bind a
 * {@link MeterRegistry} and a {@link Clock}; the injector fails to build without them.
 *
 * <p>Nothing touches the database file until {@link Managed#start()}.
 */
public final class SqliteModule extends AbstractModule {
    private final SqliteSettings settings;

    /** A module for the database described by {@code settings}. */
    public SqliteModule(SqliteSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Only {@link SnapshotFiles}: the backup archive's database files, for an assembly whose live
     * database is another engine (a PostgreSQL backup is written into such a file). Opens nothing.
     */
    public static Module snapshotFiles() {
        return binder -> binder.bind(SnapshotFiles.class).toInstance(new SqliteSnapshotFiles());
    }

    @Override
    protected void configure() {
        requireBinding(MeterRegistry.class);
        // the stores of this package take their time from it
        requireBinding(Clock.class);
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(SqliteEngine.class);
        Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding().to(DatabaseHealth.class);

        // documents (DocumentCatalog, cached; UploadSessions) and tokens (TokenStore)
        install(new DocumentsAndTokensModule());
        // programs and their revisions (ProgramStore)
        install(new ProgramsModule());
    }

    @Provides
    @Singleton
    SqliteEngine engine(MeterRegistry registry) {
        return new SqliteEngine(settings, registry);
    }

    @Provides
    @Singleton
    Transactions transactions(SqliteEngine engine) {
        return engine;
    }

    @Provides
    @Singleton
    DatabaseAdmin databaseAdmin(SqliteEngine engine) {
        return new SqliteDatabaseAdmin(engine);
    }

    @Provides
    @Singleton
    DatabaseSnapshots databaseSnapshots() {
        return new SqliteDatabaseSnapshots(settings);
    }

    /** The maintenance leadership among the processes on this database file; opens nothing until asked. */
    @Provides
    @Singleton
    Leadership leadership() {
        return new SqliteLeadership(settings.databaseFile());
    }

    @Provides
    @Singleton
    MetadataExport metadataExport(Db db) {
        return new SqliteMetadataExport(db);
    }

    @Provides
    @Singleton
    BackupCatalog backupCatalog(Db db) {
        return new SqliteBackupCatalog(db);
    }

    @Provides
    @Singleton
    DatabaseHealth databaseHealth(SqliteEngine engine) {
        return new DatabaseHealth(engine);
    }

    @Provides
    @Singleton
    Db db(SqliteEngine engine) {
        return new Db(engine);
    }

    // ---- the job queue: its five store ports, all one SqliteJobStore (so an enqueue and a claim
    // meet in the same store), and JobTemplates on the database; Micrometer queue metrics
    // contributed to Set<QueueMetrics> (the application picks a contributed one, else records
    // nothing); the jobs-by-state gauges as a Managed part, counted on a timer. Lease ids only need
    // to be fresh ULIDs, so the store makes them with a generator of its own on the bound Clock:
    // the module then assembles without the application's bindings (database tools, for one).
    private static final Duration QUEUE_GAUGE_INTERVAL = Duration.ofSeconds(15);

    @Provides
    @Singleton
    SqliteJobStore jobStore(Db db, Clock clock) {
        return new SqliteJobStore(db, new UlidSequence(clock)::next);
    }

    @Provides
    JobEnqueueStore jobEnqueueStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobWorkStore jobWorkStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobManageStore jobManageStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobAdminStore jobAdminStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    JobImportStore jobImportStore(SqliteJobStore store) {
        return store;
    }

    @Provides
    @Singleton
    JobTemplates jobTemplates(Db db) {
        return new SqliteJobTemplates(db);
    }

    @ProvidesIntoSet
    @Singleton
    QueueMetrics queueMetrics(MeterRegistry registry) {
        return new MicrometerQueueMetrics(registry);
    }

    @Provides
    @Singleton
    QueueGauges queueGauges(Db db, MeterRegistry registry) {
        return new QueueGauges(db, registry, QUEUE_GAUGE_INTERVAL);
    }

    @ProvidesIntoSet
    Managed managedQueueGauges(QueueGauges gauges) {
        return gauges;
    }
    // ---- end of the job queue
}
