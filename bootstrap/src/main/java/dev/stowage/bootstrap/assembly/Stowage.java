package dev.stowage.bootstrap.assembly;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.in.http.HttpModule;
import dev.stowage.adapter.out.fs.FsDataFoldersModule;
import dev.stowage.adapter.out.postgres.PostgresModule;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.adapter.out.images.ImagesModule;
import dev.stowage.adapter.out.micrometer.MicrometerModule;
import dev.stowage.adapter.in.legacy.LegacyFilesModule;
import dev.stowage.adapter.in.legacy.LegacySettings;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.application.worker.WorkerOptions;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.bootstrap.config.WorkerSettings;
import dev.stowage.bootstrap.embed.Backups;
import dev.stowage.bootstrap.embed.Documents;
import dev.stowage.bootstrap.embed.JobQueue;
import dev.stowage.bootstrap.embed.Programs;
import dev.stowage.domain.queue.WorkerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An assembled Stowage instance: the Guice injector for a configuration and the lifecycle of its
 * parts. Build one with {@link #builder()} (an embedded instance from code), {@link #service}
 * (everything, with HTTP), {@link #tools} (stores and services for CLI commands), {@link #inspection}
 * (the same for a check that changes nothing) or
 * {@link #databaseTools} (the database engine only, for the {@code db} commands); then
 * {@link #start()} and, at the end, {@link #stop()}.
 *
 * <p>An application reaches its parts through {@link #queue()}, {@link #documents()},
 * {@link #programs()}, {@link #backups()} and {@link #workers(String)} (see
 * {@link dev.stowage.bootstrap.embed}); {@link #instance(Class)} gives any use case or port bound in
 * the injector, for what those views leave out.
 */
public final class Stowage implements AutoCloseable {
    private final Injector injector;
    private final Lifecycle lifecycle;
    private final List<WorkerRuntime> runtimes = new ArrayList<>();
    /** The in-process workers that {@code stowage.workers.*} configures, started after everything else. */
    private Optional<WorkerRuntime> configuredWorkers = Optional.empty();

    private Stowage(List<Module> modules) {
        this.injector = Guice.createInjector(Stage.PRODUCTION, modules);
        this.lifecycle = injector.getInstance(Lifecycle.class);
    }

    /** Starts assembling an embedded instance from code. */
    public static StowageBuilder builder() {
        return new StowageBuilder();
    }

    /** The whole service: database, blob backend, application services, housekeeping, HTTP. */
    public static Stowage service(StowageConfig config) {
        return assemble(config, true, true, true);
    }

    /**
     * The stores and the application services without HTTP and without background housekeeping,
     * for CLI commands that work on the data (queue, documents, tokens, imports, fsck). It may run
     * while a service uses the same data folder.
     */
    public static Stowage tools(StowageConfig config) {
        return assemble(config, false, false, true);
    }

    /**
     * {@link #tools} that leave at start-up what dead processes left behind (temporary files) where
     * it is, for a check that must report the data folder as it found it ({@code fsck} without
     * {@code --repair}). Every other assembly removes those at start-up.
     */
    public static Stowage inspection(StowageConfig config) {
        return assemble(config, false, false, false);
    }

    static Stowage assemble(StowageConfig config, boolean http, boolean housekeeping) {
        return assemble(config, http, housekeeping, true);
    }

    private static Stowage assemble(StowageConfig config, boolean http, boolean housekeeping, boolean reclaimAtStart) {
        Objects.requireNonNull(config, "config");
        // first: a missing or broken plugin stops the start-up before anything is opened
        // (CLI tools, which run no housekeeping, run no workers either)
        WorkerPlugins plugins = WorkerPlugins.load(housekeeping ? config.workers() : WorkerSettings.none(),
                Stowage.class.getClassLoader());
        DataFolders.create(config);
        var modules = new ArrayList<Module>();
        modules.add(new CoreModule());
        modules.add(DatabaseModules.forService(config));
        modules.add(new MicrometerModule());
        modules.add(BlobBackends.standard().moduleFor(config, reclaimAtStart));
        modules.add(BackupTargets.standard().moduleFor(config));
        modules.add(new ImagesModule(config.images()));
        modules.add(new ApplicationModule(config));
        modules.add(new LegacyFilesModule(LegacySettings.defaults(config.tmpDir(), config.programs().maxImageBytes())));
        if (housekeeping) {
            modules.add(new HousekeepingModule(config));
            // a running service holds its data folder, so that a restore in place is refused meanwhile
            modules.add(new DataFolderLockModule(config.dataDir()));
        }
        if (http) {
            modules.add(new HttpModule(config.http()));
        }
        Stowage stowage = new Stowage(modules);
        if (plugins.serves()) {
            var workers = config.workers();
            stowage.configuredWorkers = Optional.of(plugins.registerOn(stowage.workers(
                    WorkerOptions.defaults(workers.worker()).withThreads(workers.threads())
                            .withShutdownTimeout(workers.shutdownTimeout()))));
        }
        return stowage;
    }

    /**
     * The database engine alone, opened without migrating, for administration commands; with the
     * data folder's lock ({@link dev.stowage.application.port.out.DataFolders}) for a command that
     * must not run beside {@code serve} ({@code db copy}).
     */
    public static Stowage databaseTools(StowageConfig config) {
        Objects.requireNonNull(config, "config");
        DataFolders.create(config);
        return new Stowage(List.of(new CoreModule(), DatabaseModules.forTools(config), new FsDataFoldersModule()));
    }

    /**
     * A PostgreSQL database alone (its engine and stores, migrated on start; no blobs, services or
     * background work), as the target or the source of {@code stowage db copy}. Wake-ups are left
     * to polling: nothing here waits for jobs.
     */
    public static Stowage postgresDatabase(PostgresSettings settings) {
        Objects.requireNonNull(settings, "settings");
        return new Stowage(List.of(new CoreModule(), new PostgresModule(settings.withWakeUps(PostgresSettings.WakeUps.POLLING))));
    }

    /**
     * Starts every part in phase order, then the in-process workers of {@code stowage.workers.queues};
     * on failure, whatever started is stopped again.
     */
    public void start() {
        lifecycle.start();
        try {
            configuredWorkers.ifPresent(WorkerRuntime::start);
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    /**
     * Stops every part in reverse phase order. Idempotent.
     *
     * @return true when every part stopped cleanly
     */
    public boolean stop() {
        List<WorkerRuntime> toStop;
        synchronized (this) {
            toStop = List.copyOf(runtimes);
            runtimes.clear();
        }
        toStop.forEach(WorkerRuntime::stop);
        return lifecycle.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** The job queue: enqueue, look at and act on jobs, steer queues. A light view; keep it or ask again. */
    public JobQueue queue() {
        return new JobQueue(instance(EnqueueJobsUseCase.class), instance(ManageJobsUseCase.class),
                instance(AdministerQueuesUseCase.class));
    }

    /** The document store: users' files. A light view; keep it or ask again. */
    public Documents documents() {
        return new Documents(instance(StoreDocumentsUseCase.class), instance(ManageDocumentsUseCase.class));
    }

    /**
     * The program store: versioned configs with a master image. A light view; keep it or ask again.
     *
     * @throws IllegalStateException when the storage engine keeps no programs
     */
    public Programs programs() {
        return new Programs(instance(Key.get(new TypeLiteral<Optional<ManageProgramsUseCase>>() { }))
                .orElseThrow(() -> new IllegalStateException("programs are not available: the database has no program store")));
    }

    /** The backups, at the configured target. A light view; keep it or ask again. */
    public Backups backups() {
        return new Backups(instance(ManageBackupsUseCase.class));
    }

    /**
     * An instance from the injector, for example a port or use case: for advanced use, where the
     * views above do not reach.
     */
    public <T> T instance(Class<T> type) {
        return injector.getInstance(type);
    }

    /** An instance from the injector by key. */
    public <T> T instance(Key<T> key) {
        return injector.getInstance(key);
    }

    /**
     * An in-process worker runtime over this instance's queue, named {@code worker}: register
     * handlers on it, then start it. It is stopped (its unfinished jobs released) when this instance
     * stops, before the stores close.
     */
    public WorkerRuntime workers(String worker) {
        return workers(WorkerOptions.defaults(new WorkerId(worker)));
    }

    /** {@link #workers(String)} with options of your own, for example a fixed number of threads. */
    public synchronized WorkerRuntime workers(WorkerOptions options) {
        // with housekeeping, leases are recovered by the maintenance leader alone, this runtime's included
        var leader = Optional.ofNullable(injector.getExistingBinding(Key.get(MaintenanceLeader.class)))
                .map(b -> b.getProvider().get());
        var runtime = new WorkerRuntime(instance(WorkJobsUseCase.class), instance(AdministerQueuesUseCase.class),
                instance(WorkSignal.class), options, leader);
        runtimes.add(runtime);
        return runtime;
    }

    /** The port the HTTP server listens on; only for {@link #service} after {@link #start()}. */
    public int httpPort() {
        return injector.getInstance(HttpModule.BOUND_PORT).getAsInt();
    }
}
