package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.StowageException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure of a request, as an {@code application/problem+json} answer: an
 * {@link HttpProblemException} with its own status, a {@link StowageException} by its code
 * ({@link ProblemMapper}), Javalin's own {@link HttpResponseException} (404, 405, ...), a body the
 * client broke off ({@link BrokenBody}), and anything unexpected as a 500 that says nothing of the
 * cause. {@link HttpServer} registers them ({@link #register}).
 */
final class ProblemHandlers {
    // the log lines keep the server's name, as before the mapping lived here
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    private final ObjectMapper json;

    ProblemHandlers(ObjectMapper json) {
        this.json = Objects.requireNonNull(json, "json");
    }

    /** Registers the handlers, the most specific first. */
    void register(RoutesConfig routes) {
        routes.exception(HttpProblemException.class, this::onHttpProblem);
        routes.exception(StowageException.class, this::onDomainError);
        routes.exception(HttpResponseException.class, this::onHttpError);
        routes.exception(Exception.class, this::onUnexpected);
    }

    private void onHttpProblem(HttpProblemException e, Context ctx) {
        e.headers().forEach(ctx::header);
        Problem p = ProblemMapper.fromDomain(e.error(), ctx.path());
        respond(ctx, new Problem(p.type(), p.title(), e.status(), p.detail(), p.instance(), p.code()));
    }

    /** A claim that failed off the request thread: unwrap and answer as any handler's failure. */
    void onAsyncError(Context ctx, Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof StowageException se) {
            onDomainError(se, ctx);
        } else if (t instanceof Exception ex) {
            onUnexpected(ex, ctx);
        } else {
            log.error("Unexpected error while claiming on {}", ctx.path(), t);
            respond(ctx, ProblemMapper.internal(ctx.path()));
        }
    }

    private void onDomainError(StowageException e, Context ctx) {
        if (brokenBody(e, ctx)) {
            return;
        }
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
        // The path is not quoted: it is what the client sent, possibly malformed or holding a secret.
        String detail = switch (status) {
            case 404 -> "There is no resource at this path; the API is described at " + Api.OPENAPI_PATH + ".";
            case 405 -> "Method " + ctx.method().name() + " is not allowed on this resource.";
            default -> e.getMessage();
        };
        if (status >= 500) {
            log.error("HTTP {} on {} {}", status, ctx.method().name(), ctx.path(), e);
            detail = ProblemMapper.internal(ctx.path()).detail();
        }
        respond(ctx, ProblemMapper.http(status, title, detail, ctx.path()));
    }

    /**
     * Answers a failure whose cause is a request body the client broke (see {@link BrokenBody}) as
     * the client's mistake: 400 or 408, logged at INFO, never as a storage failure.
     */
    private boolean brokenBody(Exception e, Context ctx) {
        Optional<BrokenBody> broken = BrokenBody.within(e);
        if (broken.isEmpty()) {
            return false;
        }
        log.info("Request body broke off on {} {} ({})", ctx.method().name(), ctx.path(), broken.get().kind());
        onHttpProblem(broken.get().problem(), ctx);
        return true;
    }

    private void onUnexpected(Exception e, Context ctx) {
        if (brokenBody(e, ctx)) {
            return;
        }
        log.error("Unexpected failure on {} {}", ctx.method().name(), ctx.path(), e);
        respond(ctx, ProblemMapper.internal(ctx.path()));
    }

    void onError(HttpServletResponse res, Error error) {
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
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"stowage\"");
        }
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
}
