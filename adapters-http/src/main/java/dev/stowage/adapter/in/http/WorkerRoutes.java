package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.QueueViews.JobView;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.QueueAction;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * Remote workers: claim (with a long poll), heartbeat, complete, fail, release. A signed-in user
 * whose token has {@code work} on the queue may work (see {@link QueueAccess}); a report on a job
 * is accepted only with the lease id its claim returned, which is the worker's proof that it holds
 * the job (a lost lease is 409 {@code urn:stowage:problem:lease-lost}).
 *
 * <p>A claim that waits does so on a small pool of its own ({@code waiting}), never on a Jetty
 * request thread: the request is suspended with {@code ctx.future}, so a hundred idle workers do not
 * starve the server of threads. When that pool is full the claim is answered 503 with
 * {@code Retry-After} rather than queued behind the others.
 */
final class WorkerRoutes {
    private final QueueAccess access;
    private final JsonBody json;
    private final WorkJobsUseCase work;
    private final ExecutorService waiting;
    private final Duration maxWait;
    private final BiConsumer<Context, Throwable> onError;

    /**
     * @param waiting runs claims that may wait; a rejection means too many are waiting
     * @param onError answers a failed asynchronous claim (the request is past Javalin's own handling)
     */
    WorkerRoutes(QueueAccess access, JsonBody json, WorkJobsUseCase work, ExecutorService waiting, Duration maxWait,
                 BiConsumer<Context, Throwable> onError) {
        this.access = Objects.requireNonNull(access, "access");
        this.json = Objects.requireNonNull(json, "json");
        this.work = Objects.requireNonNull(work, "work");
        this.waiting = Objects.requireNonNull(waiting, "waiting");
        this.maxWait = Objects.requireNonNull(maxWait, "maxWait");
        this.onError = Objects.requireNonNull(onError, "onError");
    }

    void register(RoutesConfig routes) {
        routes.post(Api.V1 + "/queues/{queue}/claim", this::claim);
        routes.post(Api.V1 + "/jobs/{id}/heartbeat", this::heartbeat);
        routes.post(Api.V1 + "/jobs/{id}/complete", this::complete);
        routes.post(Api.V1 + "/jobs/{id}/fail", this::fail);
        routes.post(Api.V1 + "/jobs/{id}/release", ctx -> {
            JobId id = access.workableJob(ctx);
            LeaseRequest r = json.read(ctx, LeaseRequest.class);
            ctx.json(JobView.of(work.release(id, lease(r.lease()))));
        });
    }

    /**
     * @param max          jobs wanted, 1 to 1000 (default 1)
     * @param leaseSeconds how long the claim lasts without a heartbeat; default: the queue's setting
     * @param waitSeconds  how long to wait for a job when none is due; default 0, cut to the server's maximum
     */
    record ClaimRequest(String worker, Integer max, Integer leaseSeconds, Integer waitSeconds) {
    }

    record ClaimedView(List<JobView> jobs) {
    }

    private void claim(Context ctx) {
        QueueName queue = access.pathQueue(ctx, QueueAction.WORK);
        ClaimRequest r = json.read(ctx, ClaimRequest.class);
        if (r.worker() == null) {
            throw new InvalidInputException("field 'worker' is required");
        }
        WorkerId worker = new WorkerId(r.worker());
        int max = r.max() == null ? 1 : Checks.range(r.max(), 1, 1000, "max");
        Optional<Duration> lease = Optional.ofNullable(r.leaseSeconds())
                .map(s -> Duration.ofSeconds(Checks.range(s, 1, 86_400, "leaseSeconds")));
        int waitSeconds = r.waitSeconds() == null ? 0 : Checks.range(r.waitSeconds(), 0, Integer.MAX_VALUE, "waitSeconds");
        Duration wait = Duration.ofSeconds(waitSeconds);
        if (wait.compareTo(maxWait) > 0) {
            wait = maxWait;
        }
        if (wait.isZero()) {
            ctx.json(claimed(queue, worker, max, lease, Duration.ZERO));
            return;
        }
        Duration w = wait;
        CompletableFuture<ClaimedView> future;
        try {
            future = CompletableFuture.supplyAsync(() -> claimed(queue, worker, max, lease, w), waiting);
        } catch (RejectedExecutionException e) {
            ctx.header("Retry-After", "1");
            throw new StorageUnavailableException("too many claims are waiting; retry in a moment, or claim without waiting", null);
        }
        ctx.future(() -> future.handle((view, error) -> {
            if (error == null) {
                ctx.json(view);
            } else {
                onError.accept(ctx, error);
            }
            return null;
        }));
    }

    private ClaimedView claimed(QueueName queue, WorkerId worker, int max, Optional<Duration> lease, Duration wait) {
        try {
            return new ClaimedView(work.claim(queue, worker, max, lease, wait).stream().map(JobView::claimed).toList());
        } catch (InterruptedException e) {
            // The server is stopping: nothing was claimed, and the worker simply asks again elsewhere.
            Thread.currentThread().interrupt();
            return new ClaimedView(List.of());
        }
    }

    record ProgressRequest(Integer percent, String message) {
    }

    record HeartbeatRequest(String lease, ProgressRequest progress) {
    }

    private void heartbeat(Context ctx) {
        JobId id = access.workableJob(ctx);
        HeartbeatRequest r = json.read(ctx, HeartbeatRequest.class);
        Optional<Progress> progress = Optional.ofNullable(r.progress()).map(p -> {
            if (p.percent() == null) {
                throw new InvalidInputException("field 'progress.percent' is required");
            }
            return new Progress(p.percent(), p.message() == null ? "" : p.message());
        });
        Job job = work.heartbeat(id, lease(r.lease()), progress);
        ctx.json(JobView.claimed(job));
    }

    record CompleteRequest(String lease, JsonNode result) {
    }

    private void complete(Context ctx) {
        JobId id = access.workableJob(ctx);
        CompleteRequest r = json.read(ctx, CompleteRequest.class);
        LeaseId lease = lease(r.lease());
        var result = r.result() == null || r.result().isNull()
                ? Optional.<dev.stowage.domain.common.JsonText>empty()
                : Optional.of(json.text(r.result(), "result", null));
        ctx.json(JobView.of(work.complete(id, lease, result)));
    }

    record FailRequest(String lease, String error) {
    }

    private void fail(Context ctx) {
        JobId id = access.workableJob(ctx);
        FailRequest r = json.read(ctx, FailRequest.class);
        LeaseId lease = lease(r.lease());
        if (r.error() == null) {
            throw new InvalidInputException("field 'error' is required");
        }
        ctx.json(JobView.of(work.fail(id, lease, r.error())));
    }

    record LeaseRequest(String lease) {
    }

    private static LeaseId lease(String value) {
        if (value == null) {
            throw new InvalidInputException("field 'lease' is required: the lease id the claim returned");
        }
        return new LeaseId(value);
    }
}
