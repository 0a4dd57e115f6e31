package dev.stowage.application.service.queue;

import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link WorkerRuntime} behaves.
 *
 * @param worker           the name recorded on the jobs this runtime holds
 * @param recoveryInterval how often expired leases (of any worker) are sent back to their queues
 * @param shutdownTimeout  how long a stop waits for running jobs before it releases their leases
 * @param errorPause       how long a queue's dispatcher rests after the store failed, before it tries again
 */
public record WorkerOptions(WorkerId worker, Duration recoveryInterval, Duration shutdownTimeout, Duration errorPause) {
    public WorkerOptions {
        Objects.requireNonNull(worker, "worker");
        positive(recoveryInterval, "recovery interval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative, got " + shutdownTimeout);
        }
        positive(errorPause, "error pause");
    }

    /** Recovery every minute, 30 seconds' grace at shutdown, one second's rest after a store error. */
    public static WorkerOptions defaults(WorkerId worker) {
        return new WorkerOptions(worker, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(1));
    }

    public WorkerOptions withShutdownTimeout(Duration timeout) {
        return new WorkerOptions(worker, recoveryInterval, timeout, errorPause);
    }

    public WorkerOptions withRecoveryInterval(Duration interval) {
        return new WorkerOptions(worker, interval, shutdownTimeout, errorPause);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
