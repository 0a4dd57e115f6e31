package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.out.Managed;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server behind {@link HttpModule}. Started after the stores (phase 100) and stopped
 * before them: a stop first ends the claims that are waiting for work (they answer with no jobs),
 * then closes the listening socket and lets requests in flight finish for up to
 * {@link HttpSettings#shutdownTimeout()}.
 */
final class HttpServer implements Managed {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    /** Claims that may wait at once; more are answered 503 so that idle workers cannot pile up threads. */
    static final int MAX_WAITING_CLAIMS = 64;

    private final HttpSettings settings;
    private final CheckHealthUseCase health;
    private final PrometheusMeterRegistry prometheus;
    private final ApiUseCases useCases;
    private final ObjectMapper json;
    private final Api api = new Api();
    private volatile Javalin javalin;
    private volatile ExecutorService waitingClaims;
    private volatile EventHub events;

    private final java.time.Clock clock;

    @Inject
    HttpServer(HttpSettings settings, CheckHealthUseCase health, PrometheusMeterRegistry prometheus,
               ApiUseCases useCases, java.time.Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = Objects.requireNonNull(health, "health");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);
    }

    @Override
    public int phase() {
        return 100;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public synchronized void start() {
        if (javalin != null) {
            throw new IllegalStateException("HTTP server already started");
        }
        waitingClaims = newClaimPool();
        Javalin app = Javalin.create(this::configure);
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
            waitingClaims.shutdownNow();
            events.close();
            throw new IllegalStateException("cannot listen on " + settings.host() + ":" + settings.port()
                    + ": " + rootMessage(e), e);
        }
        javalin = app;
        log.info("HTTP server listening on http://{}:{}", settings.host(), app.port());
    }

    /** The bound port; with port 0 in the settings, the one the system chose. */
    int port() {
        Javalin app = javalin;
        if (app == null) {
            throw new IllegalStateException("HTTP server is not running");
        }
        return app.port();
    }

    @Override
    public synchronized void stop() {
        Javalin app = javalin;
        if (app == null) {
            return;
        }
        javalin = null;
        // Waiting claims are interrupted first: they answer "no jobs" at once instead of holding
        // the drain for up to their whole wait.
        waitingClaims.shutdownNow();
        // Open event streams never finish on their own: ended first, they do not hold up the drain.
        events.close();
        try {
            app.stop();
            log.info("HTTP server stopped");
        } catch (RuntimeException e) {
            log.warn("HTTP server did not stop cleanly: {}", rootMessage(e));
        }
    }

    /**
     * How long a connection may stay silent before Jetty gives up on it, for connections accepted
     * from now on; for tests that reach the idle timeout of a client that stopped sending.
     */
    void idleTimeout(java.time.Duration timeout) {
        Javalin app = javalin;
        if (app == null) {
            throw new IllegalStateException("HTTP server is not running");
        }
        for (var connector : app.jettyServer().server().getConnectors()) {
            if (connector instanceof org.eclipse.jetty.server.AbstractConnector c) {
                c.setIdleTimeout(timeout.toMillis());
            }
        }
    }

    /** The live events' hub; for tests. */
    EventHub events() {
        return events;
    }

    /** Claims waiting for work right now; for tests. */
    int waitingClaims() {
        ExecutorService pool = waitingClaims;
        return pool instanceof ThreadPoolExecutor tpe ? tpe.getActiveCount() : 0;
    }

    /** The routes as Javalin registered them: method and path, for the OpenAPI completeness test. */
    List<String> routes() {
        Javalin app = javalin;
        if (app == null) {
            throw new IllegalStateException("HTTP server is not running");
        }
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(e -> e.endpoint)
                .filter(e -> e.method.isHttpMethod())
                .map(e -> e.method.name() + " " + e.path)
                .toList();
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxRequestBytes();
        // Bytes go out as stored: a compressed answer would break Content-Length and byte ranges.
        config.http.compressionStrategy = CompressionStrategy.NONE;
        config.jsonMapper(new JavalinJackson(json, false));
        config.requestLogger.http(new AccessLog());
        config.jetty.modifyHttpConfiguration(http -> {
            http.setRequestHeaderSize(settings.maxHeaderBytes());
            http.setSendServerVersion(false);
        });
        config.jetty.modifyServer(server -> {
            // Tracks requests in flight so that Server.stop() waits for them, up to the stop timeout.
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(settings.shutdownTimeout().toMillis());
            server.setErrorHandler(new ProblemErrorHandler(json));
        });
        var problems = new ProblemHandlers(json);
        config.router.javaLangErrorHandler(problems::onError);

        var auth = new Authenticator(useCases.tokens, clock);
        var queueAccess = new QueueAccess(auth, useCases.jobs);
        var jsonBody = new JsonBody(Math.min(settings.maxJsonBytes(), settings.maxRequestBytes()));
        var routes = config.routes;
        if (!settings.corsAllowedOrigins().isEmpty()) {
            // First, so that every answer (errors too) to an allowed page carries its CORS headers,
            // and a preflight is answered before sign-in or any route looks at it.
            var cors = new Cors(settings.corsAllowedOrigins());
            routes.before(ctx -> {
                if (cors.handle(ctx)) {
                    ctx.skipRemainingHandlers();
                }
            });
        }
        routes.before(HttpServer::refuseAmbiguousHeads);
        routes.before(this::refuseOversizedBody);
        routes.get("/health", new HealthHandler(health));
        var metrics = new MetricsHandler(prometheus);
        routes.get("/metrics", settings.metricsRequireToken() ? ctx -> {
            auth.require(ctx);
            metrics.handle(ctx);
        } : metrics);
        routes.get(Api.OPENAPI_PATH, api::openApi);
        new ConsoleRoutes().register(routes);
        new QueueRoutes(auth, queueAccess, jsonBody, useCases.enqueue, useCases.jobs, useCases.queues, useCases.templates,
                useCases.bulk).register(routes);
        new WorkerRoutes(queueAccess, jsonBody, useCases.work, waitingClaims, settings.maxClaimWait(), problems::onAsyncError)
                .register(routes);
        new DocumentRoutes(auth, jsonBody, useCases.store, useCases.documents, settings.anonymousPublicReads())
                .register(routes);
        events = new EventHub(useCases.jobs, useCases.queues, useCases.backups, health, json);
        new EventRoutes(auth, useCases.jobs, events, problems::onAsyncError).register(routes);
        useCases.programs.ifPresent(programs -> new ProgramRoutes(auth, jsonBody, programs).register(routes));
        useCases.programImports.ifPresent(imports -> new ProgramImportRoutes(auth, imports, json).register(routes));
        useCases.backups.ifPresent(backups -> new BackupRoutes(auth, jsonBody, backups).register(routes));
        // tus 1.0 resumable uploads under Api.UPLOADS, authenticated by the same Authenticator
        // (anonymous callers reach the use case, which answers 401); refuseOversizedBody leaves
        // their chunks to the upload limits.
        new TusRoutes(useCases.uploads, ctx -> auth.optional(ctx, true), TusSettings.defaults(settings.maxUploadBytes()),
                clock).register(config);
        // the same tus machinery for backup archives, each imported when complete (administrators only)
        if (useCases.backups.isPresent()) {
            new TusRoutes(useCases.uploads, ctx -> auth.optional(ctx, true),
                    TusSettings.backupArchives(useCases.uploads.maxArchiveBytes()), clock).register(config);
        }

        problems.register(routes);
    }

    private static ExecutorService newClaimPool() {
        return new ThreadPoolExecutor(0, MAX_WAITING_CLAIMS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.numbered("stowage-http-claim-"));
    }

    /**
     * Requests whose meaning the server would have to guess are refused before any handler reads
     * them: two {@code Authorization} headers (which one signs the request?), and a body under a
     * transfer coding other than {@code chunked} (Jetty removes only the chunking, so a
     * {@code gzip, chunked} body would otherwise be stored as the compressed bytes). 400 rather than
     * RFC 9112's 501 for the coding: the request is refused for what the client sent.
     */
    private static void refuseAmbiguousHeads(Context ctx) {
        var authorizations = ctx.req().getHeaders("Authorization");
        if (authorizations != null && authorizations.hasMoreElements()) {
            authorizations.nextElement();
            if (authorizations.hasMoreElements()) {
                throw new InvalidInputException("the request has more than one Authorization header; send exactly one");
            }
        }
        var encodings = ctx.req().getHeaders("Transfer-Encoding");
        while (encodings != null && encodings.hasMoreElements()) {
            for (String coding : encodings.nextElement().split(",")) {
                String c = coding.strip();
                if (!c.isEmpty() && !c.equalsIgnoreCase("chunked")) {
                    throw new InvalidInputException("Transfer-Encoding '" + Checks.printable(c)
                            + "' is not supported; send the body as it is, with Content-Length or chunked alone");
                }
            }
        }
    }

    private void refuseOversizedBody(Context ctx) {
        // Document bytes are limited by the document store (size limit and quota) as they stream in.
        // So are program images, by the program store's image limit, and backup archives by the import's.
        // A legacy export of programs is read as a stream whatever its size (1 GiB is usual), each entry
        // within the reader's limits.
        if (DocumentRoutes.isContentUpload(ctx) || ProgramRoutes.isImageUpload(ctx) || ProgramImportRoutes.isImport(ctx)
                || BackupRoutes.isArchiveUpload(ctx)
                || ctx.path().startsWith(Api.UPLOADS)) {
            return;
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxRequestBytes()) {
            throw new TooLargeException("request body", settings.maxRequestBytes());
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
