package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ResumableUploadsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.BulkJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.port.out.BlobReferences;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.port.out.QueueWakeUps;
import dev.stowage.application.port.out.TokenStore;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.application.service.backup.BackupSettings;
import dev.stowage.application.service.document.ConsistencyService;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.document.ManageDocumentsService;
import dev.stowage.application.service.document.ResumableUploadService;
import dev.stowage.application.service.document.StoreDocumentsService;
import dev.stowage.application.service.legacy.ProgramImportService;
import dev.stowage.application.service.legacy.QueueStateImportService;
import dev.stowage.application.service.program.ProgramService;
import dev.stowage.application.service.program.ProgramSettings;
import dev.stowage.application.service.queue.AdministerQueuesService;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.BulkJobsService;
import dev.stowage.application.service.queue.ManageJobsService;
import dev.stowage.application.service.queue.ManageTemplatesService;
import dev.stowage.application.service.queue.QueueCounts;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.application.service.token.ManageTokensService;
import dev.stowage.bootstrap.cli.VersionProvider;
import dev.stowage.bootstrap.config.StowageConfig;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The application services, each bound as the use cases it implements, over whatever ports the
 * adapter modules bind. Services are plain classes: this module is the only place that knows how
 * they are put together. Background housekeeping is separate ({@link HousekeepingModule}), so that
 * a CLI command can use the services without starting it.
 */
final class ApplicationModule extends AbstractModule {
    /** How often the jobs-by-state gauges are counted. */
    private static final Duration QUEUE_COUNT_INTERVAL = Duration.ofSeconds(15);

    private final StowageConfig config;

    ApplicationModule(StowageConfig config) {
        this.config = config;
    }

    @Override
    protected void configure() {
        // A database that pushes news of new jobs (PostgreSQL's NOTIFY) contributes a source; the
        // process's one WorkSignal hears them all (see workSignal below).
        Multibinder.newSetBinder(binder(), QueueWakeUps.class);
        // A metrics adapter may contribute the queue metrics; without one they are not recorded.
        Multibinder.newSetBinder(binder(), QueueMetrics.class);
        // the jobs-by-state counts behind the queue gauges, on a timer, through the store ports
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(QueueCounts.class);
        // Every store that refers to blobs: the sweeper and fsck delete only what none of them
        // refers to, and check that what each refers to is there. A new holder joins here.
        Multibinder<BlobReferences> holders = Multibinder.newSetBinder(binder(), BlobReferences.class);
        holders.addBinding().to(DocumentCatalog.class);
        holders.addBinding().to(ProgramStore.class);
        // The program use case is built over Optional<ProgramStore>, so the HTTP routes and CLI
        // commands can say when there is none; the SQLite engine binds one, and the holders above
        // need it (an engine without a program store would have to leave it out of them too).
        OptionalBinder.newOptionalBinder(binder(), ProgramStore.class);
    }

    @Provides
    @Singleton
    WorkSignal workSignal(Set<QueueWakeUps> sources) {
        WorkSignal signal = new WorkSignal();
        sources.forEach(source -> source.subscribe(signal::signal, signal::signalAll));
        return signal;
    }

    @Provides
    @Singleton
    IdGenerator ids(Clock clock) {
        return new MonotonicIdGenerator(clock, new SecureRandom());
    }

    @Provides
    @Singleton
    QueueMetrics queueMetrics(Set<QueueMetrics> contributed) {
        return contributed.stream().findFirst().orElse(QueueMetrics.NONE);
    }

    // --- queue -------------------------------------------------------------------------------

    @Provides
    @Singleton
    QueueCounts queueCounts(JobManageStore jobs, QueueMetrics metrics) {
        return new QueueCounts(jobs, metrics, QUEUE_COUNT_INTERVAL);
    }

    @Provides
    @Singleton
    EnqueueJobsUseCase enqueue(JobEnqueueStore jobs, JobAdminStore queues, JobTemplates templates, Transactions tx,
                               IdGenerator ids, WorkSignal signal, QueueMetrics metrics, Clock clock) {
        return new EnqueueJobsService(jobs, queues, templates, tx, ids, signal, metrics, clock);
    }

    @Provides
    @Singleton
    WorkJobsUseCase work(JobWorkStore jobs, WorkSignal signal, QueueMetrics metrics, Clock clock) {
        return new WorkJobsService(jobs, signal, metrics, clock, new SecureRandom(), config.queue().fallbackPoll());
    }

    @Provides
    @Singleton
    ManageJobsUseCase manageJobs(JobManageStore jobs, WorkSignal signal, Clock clock) {
        return new ManageJobsService(jobs, signal, clock);
    }

    @Provides
    @Singleton
    BulkJobsUseCase bulkJobs(JobManageStore jobs, WorkSignal signal, Clock clock) {
        return new BulkJobsService(jobs, signal, clock);
    }

    @Provides
    @Singleton
    AdministerQueuesUseCase administer(JobAdminStore jobs, Transactions tx, WorkSignal signal, Clock clock) {
        return new AdministerQueuesService(jobs, tx, signal, clock);
    }

    @Provides
    @Singleton
    ManageTemplatesUseCase templates(JobTemplates templates, Clock clock) {
        return new ManageTemplatesService(templates, clock);
    }

    @Provides
    @Singleton
    ImportQueueStateUseCase importQueueState(JobImportStore jobs, JobAdminStore queues, JobTemplates templates,
                                             Transactions tx, IdGenerator ids, Clock clock) {
        return new QueueStateImportService(jobs, queues, templates, tx, ids, clock);
    }

    // --- documents ---------------------------------------------------------------------------

    @Provides
    @Singleton
    DocumentSettings documentSettings() {
        return config.documents();
    }

    @Provides
    @Singleton
    StoreDocumentsService storeDocumentsService(DocumentCatalog catalog, BlobStore blobs, Transactions tx,
                                                IdGenerator ids, Clock clock, DocumentSettings settings) {
        return new StoreDocumentsService(catalog, blobs, tx, ids, clock, settings);
    }

    @Provides
    StoreDocumentsUseCase storeDocuments(StoreDocumentsService documents) {
        return documents;
    }

    @Provides
    @Singleton
    ManageDocumentsUseCase manageDocuments(DocumentCatalog catalog, BlobStore blobs, Clock clock,
                                           DocumentSettings settings) {
        return new ManageDocumentsService(catalog, blobs, clock, settings);
    }

    @Provides
    @Singleton
    ResumableUploadService resumableUploads(UploadSessions sessions, UploadStaging staging, BlobStore blobs,
                                            StoreDocumentsService documents, IdGenerator ids, Clock clock,
                                            ManageBackupsUseCase backups, BackupSettings backupSettings) {
        // an archive upload is imported when complete, so it may be as large as an import
        return new ResumableUploadService(sessions, staging, blobs, documents, ids, clock, Optional.of(backups),
                backupSettings.maxImportBytes());
    }

    @Provides
    ResumableUploadsUseCase resumableUploadsUseCase(ResumableUploadService uploads) {
        return uploads;
    }

    @Provides
    @Singleton
    ConsistencyService consistency(Set<BlobReferences> holders, BlobStore blobs, ResumableUploadService uploads,
                                   Clock clock, DocumentSettings settings) {
        return new ConsistencyService(holders, blobs, uploads, clock, settings);
    }

    @Provides
    CheckConsistencyUseCase checkConsistency(ConsistencyService consistency) {
        return consistency;
    }

    // --- programs ----------------------------------------------------------------------------

    @Provides
    @Singleton
    ProgramSettings programSettings() {
        return config.programs();
    }

    @Provides
    @Singleton
    Optional<ManageProgramsUseCase> programs(Optional<ProgramStore> store, BlobStore blobs, ImageInspector images,
                                             Transactions tx, IdGenerator ids, Clock clock, ProgramSettings settings) {
        return store.map(s -> new ProgramService(s, blobs, images, tx, ids, clock, settings));
    }

    @Provides
    @Singleton
    Optional<ImportProgramsUseCase> importPrograms(LegacyFiles files, Optional<ManageProgramsUseCase> programs) {
        return programs.map(p -> new ProgramImportService(files, p));
    }

    // --- backups -----------------------------------------------------------------------------

    @Provides
    @Singleton
    BackupSettings backupSettings() {
        return BackupSettings.defaults(config.tmpDir().resolve("backups"), VersionProvider.version())
                .withChunkSize(config.backups().chunkSize());
    }

    @Provides
    @Singleton
    BackupService backups(BackupTarget target, BackupCatalog catalog, DatabaseSnapshots snapshots, DatabaseAdmin admin,
                          BlobStore blobs, DataFolders folders, IdGenerator ids, Clock clock, BackupSettings settings) {
        return new BackupService(target, catalog, snapshots, admin, blobs, folders, ids, clock, settings);
    }

    @Provides
    ManageBackupsUseCase manageBackups(BackupService backups) {
        return backups;
    }

    // --- tokens ------------------------------------------------------------------------------

    @Provides
    @Singleton
    ManageTokensUseCase tokens(TokenStore tokens, IdGenerator ids, Clock clock) {
        return new ManageTokensService(tokens, ids, clock, new SecureRandom());
    }
}
