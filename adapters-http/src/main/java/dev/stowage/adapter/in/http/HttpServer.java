package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.out.Managed;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.TooLargeException;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin server behind {@link HttpModule}. Started after the stores (phase 100) and stopped
 * before them: a stop first closes the listening socket, then lets requests in flight finish for
 * up to {@link HttpSettings#shutdownTimeout()}.
 */
final class HttpServer implements Managed {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final HttpSettings settings;
    private final CheckHealthUseCase health;
    private final PrometheusMeterRegistry prometheus;
    private final ObjectMapper json;
    private volatile Javalin javalin;

    @Inject
    HttpServer(HttpSettings settings, CheckHealthUseCase health, PrometheusMeterRegistry prometheus) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.health = Objects.requireNonNull(health, "health");
        this.prometheus = Objects.requireNonNull(prometheus, "prometheus");
        this.json = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
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
        Javalin app = Javalin.create(this::configure);
        try {
            app.start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            app.stop();
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
        try {
            app.stop();
            log.info("HTTP server stopped");
        } catch (RuntimeException e) {
            log.warn("HTTP server did not stop cleanly: {}", rootMessage(e));
        }
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.prefer405over404 = true;
        config.http.maxRequestSize = settings.maxRequestBytes();
        config.jsonMapper(new JavalinJackson(json, false));
        config.requestLogger.http(new AccessLog());
        config.jetty.modifyServer(server -> {
            // Tracks requests in flight so that Server.stop() waits for them, up to the stop timeout.
            server.insertHandler(new GracefulHandler());
            server.setStopTimeout(settings.shutdownTimeout().toMillis());
        });
        config.router.javaLangErrorHandler(this::onError);

        config.routes.before(this::refuseOversizedBody);
        config.routes.get("/health", new HealthHandler(health));
        config.routes.get("/metrics", new MetricsHandler(prometheus));

        config.routes.exception(StowageException.class, this::onDomainError);
        config.routes.exception(HttpResponseException.class, this::onHttpError);
        config.routes.exception(Exception.class, this::onUnexpected);
    }

    private void refuseOversizedBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > settings.maxRequestBytes()) {
            throw new TooLargeException("request body", settings.maxRequestBytes());
        }
    }

    private void onDomainError(StowageException e, Context ctx) {
        if (e.code() == ErrorCode.STORAGE_CORRUPT) {
            log.error("Stored data is corrupt ({} {})", ctx.method().name(), ctx.path(), e);
        } else if (e.code().category() == ErrorCode.Category.STORAGE) {
            log.warn("Storage failure on {} {}: {}", ctx.method().name(), ctx.path(), e.getMessage());
        }
        respond(ctx, ProblemMapper.fromDomain(e, ctx.path()));
    }

    private void onHttpError(HttpResponseException e, Context ctx) {
        int status = e.getStatus();
        String title = HttpStatus.forStatus(status).getMessage();
        String detail = switch (status) {
            case 404 -> "There is no resource at " + ctx.path() + ".";
            case 405 -> "Method " + ctx.method().name() + " is not allowed on " + ctx.path() + ".";
            default -> e.getMessage();
        };
        if (status >= 500) {
            log.error("HTTP {} on {} {}", status, ctx.method().name(), ctx.path(), e);
            detail = ProblemMapper.internal(ctx.path()).detail();
        }
        respond(ctx, ProblemMapper.http(status, title, detail, ctx.path()));
    }

    private void onUnexpected(Exception e, Context ctx) {
        log.error("Unexpected failure on {} {}", ctx.method().name(), ctx.path(), e);
        respond(ctx, ProblemMapper.internal(ctx.path()));
    }

    private void onError(HttpServletResponse res, Error error) {
        log.error("Unexpected error while handling a request", error);
        if (res.isCommitted()) {
            return;
        }
        try {
            res.reset();
            res.setStatus(500);
            res.setContentType(Problem.CONTENT_TYPE);
            res.getOutputStream().write(serialize(ProblemMapper.internal(null)));
        } catch (IOException | RuntimeException ignored) {
            // The connection is already broken; the error itself has been logged above.
        }
    }

    private void respond(Context ctx, Problem problem) {
        ctx.status(problem.status())
                .contentType(Problem.CONTENT_TYPE)
                .result(serialize(problem));
    }

    private byte[] serialize(Problem problem) {
        try {
            return json.writeValueAsString(problem).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem body", e);
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
