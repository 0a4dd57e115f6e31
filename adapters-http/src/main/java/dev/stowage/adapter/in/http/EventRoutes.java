package dev.stowage.adapter.in.http;

import dev.stowage.adapter.in.http.EventHub.Event;
import dev.stowage.adapter.in.http.EventHub.Stream;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.token.QueueAction;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/events}: server-sent events for the console. A browser's EventSource cannot
 * send a bearer token (and a token never goes in a URL), so the console reads the stream with
 * {@code fetch()}, sending {@code Authorization} and, on reconnecting, {@code Last-Event-ID} itself.
 * The stream carries states, not a log: every connection, a reconnection with any
 * {@code Last-Event-ID} included, gets the current state of each kind at once and then each change,
 * so an unknown or stale id is no error.
 */
final class EventRoutes {
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);
    static final String PATH = Api.V1 + "/events";
    /** The browser's reconnection delay, for clients that honour it. */
    private static final int RETRY_MILLIS = 2000;

    private final Authenticator auth;
    private final ManageJobsUseCase jobs;
    private final EventHub hub;
    private final BiConsumer<Context, Throwable> onError;

    EventRoutes(Authenticator auth, ManageJobsUseCase jobs, EventHub hub, BiConsumer<Context, Throwable> onError) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.hub = Objects.requireNonNull(hub, "hub");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    void register(RoutesConfig routes) {
        routes.get(PATH, this::stream);
    }

    private void stream(Context ctx) {
        Actor actor = auth.require(ctx);
        Optional<JobId> job = Params.text(ctx, "job").map(JobId::new);
        if (job.isPresent()) {
            // the same answer as GET /jobs/{id}: 404 for a job the token may not read, as for a missing one
            Job j = jobs.get(job.get());
            if (!actor.may(QueueAction.READ, j.queue())) {
                throw NotFoundException.of("job", job.get());
            }
        }
        Stream stream = hub.open(actor, job);
        CompletableFuture<Void> done;
        try {
            ctx.status(200);
            ctx.contentType("text/event-stream; charset=utf-8");
            ctx.header("Cache-Control", "no-store");
            // proxies such as nginx would otherwise hold the events back in a buffer
            ctx.header("X-Accel-Buffering", "no");
            OutputStream out = ctx.res().getOutputStream();
            done = CompletableFuture.runAsync(() -> pump(stream, out), hub.writers());
        } catch (RejectedExecutionException | IOException e) {
            hub.release(stream);
            ctx.header("Retry-After", "1");
            throw new StorageUnavailableException("too many event streams are open; retry in a moment", null);
        }
        ctx.future(() -> done.handle((ok, error) -> {
            if (error != null) {
                onError.accept(ctx, error);
            }
            return null;
        }));
    }

    /** Writes the stream until it ends, the client goes away, or a write stalls past Jetty's idle timeout. */
    private void pump(Stream stream, OutputStream out) {
        try {
            write(out, "retry: " + RETRY_MILLIS + "\n\n");
            while (!stream.ended()) {
                List<Event> events = stream.take(hub.heartbeat());
                if (stream.ended()) {
                    break;
                }
                if (events.isEmpty()) {
                    write(out, ": heartbeat\n\n");
                    continue;
                }
                var text = new StringBuilder();
                for (Event e : events) {
                    text.append("id: ").append(e.id()).append('\n')
                            .append("event: ").append(e.kind().event).append('\n')
                            .append("data: ").append(e.data()).append("\n\n");
                }
                write(out, text.toString());
            }
        } catch (IOException e) {
            // the client went away or stopped reading; nothing to answer
            log.debug("Event stream ended: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            hub.release(stream);
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
