package dev.stowage.adapter.in.http;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.out.fs.FsBackupModule;
import dev.stowage.adapter.out.sqlite.SqliteModule;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.application.service.backup.BackupSettings;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import dev.stowage.application.port.in.CheckHealthUseCase.Health;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.BulkJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.adapter.out.images.ImageSettings;
import dev.stowage.adapter.out.images.ImagesModule;
import dev.stowage.adapter.in.legacy.LegacyFilesModule;
import dev.stowage.adapter.in.legacy.LegacySettings;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.service.legacy.ProgramImportService;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.service.program.ProgramService;
import dev.stowage.application.service.program.ProgramSettings;
import dev.stowage.testing.InMemoryProgramStore;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.document.ManageDocumentsService;
import dev.stowage.application.service.document.StoreDocumentsService;
import dev.stowage.application.service.document.ResumableUploadService;
import dev.stowage.testing.InMemoryUploadSessions;
import dev.stowage.testing.InMemoryUploadStaging;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.queue.AdministerQueuesService;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.BulkJobsService;
import dev.stowage.application.service.queue.ManageJobsService;
import dev.stowage.application.service.queue.ManageTemplatesService;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.application.service.token.ManageTokensService;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.InMemoryDocumentCatalog;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.InMemoryTokenStore;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.UnaryOperator;

/**
 * The HTTP module over the real application services and the in-memory adapters, wired the way
 * bootstrap's ApplicationModule wires them over SQLite, served on a loopback port. Three users hold
 * tokens: ana and ben (plain users whose tokens may use every queue) and root (an administrator).
 */
final class TestApi implements AutoCloseable {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** The document size limit here: small, so that the limit is testable with small bodies. */
    static final long MAX_DOCUMENT_BYTES = 1 << 20;
    /** The program limits here: small, so that they are testable with small bodies. */
    static final int MAX_CONFIG_BYTES = 16 * 1024;
    static final long MAX_IMAGE_BYTES = 1 << 20;
    static final long MAX_IMAGE_PIXELS = 4_000_000;
    /** The largest backup archive a resumable upload takes here. */
    static final long MAX_ARCHIVE_BYTES = 1L << 30;

    final ManualClock clock = new ManualClock(T0);
    final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ManageTokensUseCase tokens;
    final EnqueueJobsUseCase enqueue;
    final WorkJobsUseCase work;
    final ManageJobsUseCase jobs;
    final BulkJobsUseCase bulk;
    final AdministerQueuesUseCase queues;
    final ManageTemplatesUseCase templates;
    final StoreDocumentsService documents;
    final ManageDocumentsService manageDocuments;
    final ResumableUploadService uploads;
    final ProgramService programs;
    /** The legacy import of programs over the real streaming reader and {@link #programs}. */
    final ImportProgramsUseCase programImports;
    /**
     * A real backup service: SQLite snapshots of a database of its own and a backup folder. The
     * other stores here are in memory, so its backups hold that (empty) database and no blob: the
     * routes are under test here; bootstrap's tests back up real data over HTTP.
     */
    final ManageBackupsUseCase backups;
    final java.nio.file.Path backupData;
    final InMemoryBlobStore blobs;
    final String ana;
    final String ben;
    final String root;
    final HttpServer server;
    final int port;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Managed> managed;
    private final List<Managed> storage;

    TestApi(HttpSettings settings) {
        this(settings, files -> files);
    }

    /** With the legacy files the import reads through passed through {@code legacyFiles} (to slow them down). */
    TestApi(HttpSettings settings, UnaryOperator<LegacyFiles> legacyFiles) {
        this(settings, legacyFiles, false);
    }

    /**
     * With {@code queueOnSqlite} the job queue's stores are the SQLite ones, over the database the
     * backups use (they keep microseconds, where the in-memory ones keep what they are given).
     */
    private TestApi(HttpSettings settings, UnaryOperator<LegacyFiles> legacyFiles, boolean queueOnSqlite) {
        var ids = new MonotonicIdGenerator(clock, new SplittableRandom(7));
        backupData = tempDir("stowage-http-backups-");
        Injector stores = Guice.createInjector(new SqliteModule(SqliteSettings.defaults(backupData.resolve("stowage.db"))),
                new FsBackupModule(backupData.resolve("backups")), binder -> {
                    binder.bind(MeterRegistry.class).toInstance(registry);
                    binder.bind(java.time.Clock.class).toInstance(java.time.Clock.systemUTC());
                });
        storage = stores.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })).stream()
                .sorted(Comparator.comparingInt(Managed::phase)).toList();
        storage.forEach(Managed::start);
        var tx = new InMemoryTransactions();
        var signal = new WorkSignal();
        JobEnqueueStore enqueueStore;
        JobWorkStore workStore;
        JobManageStore manageStore;
        JobAdminStore adminStore;
        JobTemplates templateStore;
        Transactions queueTx;
        if (queueOnSqlite) {
            enqueueStore = stores.getInstance(JobEnqueueStore.class);
            workStore = stores.getInstance(JobWorkStore.class);
            manageStore = stores.getInstance(JobManageStore.class);
            adminStore = stores.getInstance(JobAdminStore.class);
            templateStore = stores.getInstance(JobTemplates.class);
            queueTx = stores.getInstance(Transactions.class);
        } else {
            var jobStore = new InMemoryJobStore(ids);
            enqueueStore = jobStore;
            workStore = jobStore;
            manageStore = jobStore;
            adminStore = jobStore;
            templateStore = new InMemoryJobTemplates();
            queueTx = tx;
        }
        enqueue = new EnqueueJobsService(enqueueStore, adminStore, templateStore, queueTx, ids, signal, QueueMetrics.NONE,
                clock);
        // A short fallback poll: no other process writes here, signals do the waking.
        work = new WorkJobsService(workStore, signal, QueueMetrics.NONE, clock, new SplittableRandom(1), Duration.ofMillis(200));
        jobs = new ManageJobsService(manageStore, signal, clock);
        bulk = new BulkJobsService(manageStore, signal, clock);
        queues = new AdministerQueuesService(adminStore, queueTx, signal, clock);
        templates = new ManageTemplatesService(templateStore, clock);
        blobs = new InMemoryBlobStore(clock);
        var documentCatalog = new InMemoryDocumentCatalog();
        var documentSettings = new DocumentSettings(MAX_DOCUMENT_BYTES, Optional.empty(), Duration.ofHours(1),
                Duration.ofHours(1));
        documents = new StoreDocumentsService(documentCatalog, blobs, tx, ids, clock, documentSettings);
        manageDocuments = new ManageDocumentsService(documentCatalog, blobs, clock, documentSettings);
        var images = Guice.createInjector(new ImagesModule(new ImageSettings(MAX_IMAGE_PIXELS, imageCache())))
                .getInstance(ImageInspector.class);
        programs = new ProgramService(new InMemoryProgramStore(), blobs, images, tx, ids, clock,
                new ProgramSettings(MAX_CONFIG_BYTES, MAX_IMAGE_BYTES, 64));
        var legacy = Guice.createInjector(new LegacyFilesModule(LegacySettings.defaults(tempDir("stowage-http-legacy-"), 64L << 20)))
                .getInstance(LegacyFiles.class);
        programImports = new ProgramImportService(legacyFiles.apply(legacy), programs);
        tokens = new ManageTokensService(new InMemoryTokenStore(), ids, clock, new SecureRandom());
        backups = new BackupService(stores.getInstance(BackupTarget.class), stores.getInstance(BackupCatalog.class),
                stores.getInstance(DatabaseSnapshots.class), stores.getInstance(DatabaseAdmin.class), blobs,
                stores.getInstance(DataFolders.class), ids, clock, BackupSettings.defaults(backupData.resolve("tmp"), "test"));
        uploads = new ResumableUploadService(new InMemoryUploadSessions(), new InMemoryUploadStaging(), blobs, documents,
                ids, clock, Optional.of(backups), MAX_ARCHIVE_BYTES);
        // ana and ben hold tokens as made before scopes existed (an upgrade gives them every queue)
        ana = tokens.issue(new UserId("ana"), false, TokenScopes.everyQueue(), "ana's").secret();
        ben = tokens.issue(new UserId("ben"), false, TokenScopes.everyQueue(), "ben's").secret();
        root = tokens.issue(new UserId("root"), true, TokenScopes.none(), "admin").secret();

        CheckHealthUseCase health = () -> new Health(true, Map.of("database", ComponentHealth.up(Map.of())));
        Injector injector = Guice.createInjector(new HttpModule(settings), binder -> {
            binder.bind(CheckHealthUseCase.class).toInstance(health);
            binder.bind(PrometheusMeterRegistry.class).toInstance(registry);
        }, useCasesModule());
        managed = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })));
        managed.forEach(Managed::start);
        server = injector.getInstance(HttpServer.class);
        port = injector.getInstance(HttpModule.BOUND_PORT).getAsInt();
    }

    /** Binds this instance's use cases, for an injector that also holds {@link HttpModule}. */
    Module useCasesModule() {
        return binder -> {
            binder.bind(ManageTokensUseCase.class).toInstance(tokens);
            binder.bind(EnqueueJobsUseCase.class).toInstance(enqueue);
            binder.bind(WorkJobsUseCase.class).toInstance(work);
            binder.bind(ManageJobsUseCase.class).toInstance(jobs);
            binder.bind(BulkJobsUseCase.class).toInstance(bulk);
            binder.bind(AdministerQueuesUseCase.class).toInstance(queues);
            binder.bind(ManageTemplatesUseCase.class).toInstance(templates);
            binder.bind(StoreDocumentsUseCase.class).toInstance(documents);
            binder.bind(ManageDocumentsUseCase.class).toInstance(manageDocuments);
            binder.bind(dev.stowage.application.port.in.document.ResumableUploadsUseCase.class).toInstance(uploads);
            binder.bind(new TypeLiteral<Optional<ManageProgramsUseCase>>() { }).toInstance(Optional.of(programs));
            binder.bind(new TypeLiteral<Optional<ImportProgramsUseCase>>() { }).toInstance(Optional.of(programImports));
            binder.bind(ManageBackupsUseCase.class).toInstance(backups);
            binder.bind(java.time.Clock.class).toInstance(clock);
        };
    }

    TestApi() {
        this(new HttpSettings("127.0.0.1", 0, 4L << 20, Duration.ofSeconds(2)));
    }

    /** The default settings, with the job queue on SQLite (see the constructor). */
    static TestApi withQueueOnSqlite() {
        return new TestApi(new HttpSettings("127.0.0.1", 0, 4L << 20, Duration.ofSeconds(2)), files -> files, true);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** A request with an optional bearer token and JSON (or raw) body; {@code null} body sends none. */
    HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a body the server must refuse as too large. A server may answer 413 before reading the
     * body and close the connection; a client still sending then sees the close instead of the
     * answer. Both are a refusal: the answer is returned when one arrived, and the server must still
     * serve afterwards.
     */
    Optional<HttpResponse<String>> sendRefused(HttpRequest request) {
        Optional<HttpResponse<String>> answer;
        try {
            answer = Optional.of(send(request));
        } catch (java.io.UncheckedIOException closedWhileSending) {
            answer = Optional.empty();
        }
        if (get("/health", null).statusCode() != 200) {
            throw new AssertionError("the server stopped serving after refusing a large body");
        }
        return answer;
    }

    HttpResponse<String> get(String path, String token, String... headers) {
        return send("GET", path, token, null, headers);
    }

    /**
     * Opens an event stream and reads it up to the end of its first {@code count} events (an
     * error answer whole), then closes it: the answer with what was read as its body.
     */
    HttpResponse<String> events(String path, String token, int count, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<java.io.InputStream> r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            String body;
            try (var in = r.body()) {
                body = r.statusCode() == 200 ? EventReader.read(in, count)
                        : new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
            return new ReadResponse(r, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** An answer whose body was read by hand. */
    record ReadResponse(HttpResponse<java.io.InputStream> raw, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return raw.statusCode();
        }

        @Override
        public HttpRequest request() {
            return raw.request();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return raw.headers();
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return raw.sslSession();
        }

        @Override
        public URI uri() {
            return raw.uri();
        }

        @Override
        public HttpClient.Version version() {
            return raw.version();
        }
    }

    HttpResponse<String> post(String path, String token, String body, String... headers) {
        return send("POST", path, token, body, headers);
    }

    /** Uploads bytes as a document; {@code query} is the query string after {@code ?}. */
    HttpResponse<String> upload(String token, String query, byte[] bytes, String contentType, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(Api.V1 + "/documents?" + query))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", contentType);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    private static java.nio.file.Path imageCache() {
        return tempDir("stowage-http-images-");
    }

    private static java.nio.file.Path tempDir(String prefix) {
        try {
            return java.nio.file.Files.createTempDirectory(prefix);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Sends raw bytes (an image) with {@code method}; {@code headers} are name, value pairs. */
    HttpResponse<String> sendBytes(String method, String path, String token, byte[] bytes, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/octet-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    /** A program made through the use case, as ana; its id. */
    String program(String name) {
        return programs.create(dev.stowage.domain.common.Actor.user(new UserId("ana")),
                new dev.stowage.application.port.in.program.ProgramDraft(new dev.stowage.domain.program.ProgramName(name),
                        "", dev.stowage.domain.common.JsonText.of("{\"v\":1}"), 1, true)).id().value();
    }

    /** A program with a small PNG image (version 2); its id. */
    String programWithImage(String name) {
        String id = program(name);
        programs.putImage(dev.stowage.domain.common.Actor.user(new UserId("ana")), new dev.stowage.domain.program.ProgramId(id), 1,
                new java.io.ByteArrayInputStream(dev.stowage.testing.program.ProgramServiceSuite.png(120, 60)));
        return id;
    }

    @Override
    public void close() {
        managed.forEach(Managed::stop);
        for (int i = storage.size() - 1; i >= 0; i--) {
            storage.get(i).stop();
        }
        registry.close();
        try (var files = java.nio.file.Files.walk(backupData)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
