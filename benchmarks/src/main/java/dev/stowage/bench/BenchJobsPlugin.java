package dev.stowage.bench;

import dev.stowage.application.worker.JobHandlerPlugin;
import dev.stowage.domain.common.JsonText;
import java.util.Optional;

/**
 * The job handler that {@code pg-three}'s {@code serve} processes run in-process (found on the
 * bench jar's class path; it serves nothing unless {@code stowage.workers.queues} lists its queues).
 * A job does nothing but say when it started, by {@link System#nanoTime()} (the machine's monotonic
 * clock on Linux, shared by its processes), and which worker ran it.
 */
public final class BenchJobsPlugin implements JobHandlerPlugin {
    /** Served by every instance. */
    static final String QUEUE = "bench";
    /** Served by every instance but the one that takes the enqueues: each start is a wake-up from afar. */
    static final String FAR_QUEUE = "bench-far";
    static final String TYPE = "noop";

    @Override
    public void register(Handlers handlers) {
        for (String queue : new String[] {QUEUE, FAR_QUEUE}) {
            handlers.handle(queue, TYPE, job -> {
                long started = System.nanoTime();
                // a worker name needs no escaping in JSON
                return Optional.of(JsonText.of("{\"started\":" + started + ",\"worker\":\""
                        + job.job().lease().orElseThrow().worker() + "\"}"));
            });
        }
    }
}
