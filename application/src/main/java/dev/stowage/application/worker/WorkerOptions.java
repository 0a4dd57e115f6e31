package dev.stowage.application.worker;

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
 * @param threads          how many handlers run at once in this runtime, or {@link #THREAD_PER_JOB}: a
 *                         thread for every job it holds, so each claimed job starts at once. With a
 *                         number, a queue still claims up to its max concurrency, and claimed jobs
 *                         wait in memory for a free thread, holding their lease (heartbeats begin at
 *                         the claim). Fewer threads than running jobs suit short, CPU-bound handlers:
 *                         a thread that ends one job takes the next without being woken, and claims
 *                         and completions are written in larger groups. The costs: jobs this runtime
 *                         holds cannot go to idle workers elsewhere; the queues of one runtime share
 *                         the threads in claim order, so one queue's slow jobs delay another's; and
 *                         a job's recorded start (and so its run time) is its claim, wait included.
 *                         A held job that loses its lease or is cancelled before a thread takes it
 *                         is never started, and a stop gives back the held jobs at once.
 */
public record WorkerOptions(WorkerId worker, Duration recoveryInterval, Duration shutdownTimeout, Duration errorPause,
                            int threads) {
    /** {@link #threads} for a thread per held job, started when no thread is idle. */
    public static final int THREAD_PER_JOB = 0;

    public WorkerOptions {
        Objects.requireNonNull(worker, "worker");
        positive(recoveryInterval, "recovery interval");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdown timeout must not be negative, got " + shutdownTimeout);
        }
        positive(errorPause, "error pause");
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be positive, or 0 for a thread per job, got " + threads);
        }
    }

    /**
     * Recovery every minute, 30 seconds' grace at shutdown, one second's rest after a store error, a
     * thread per held job.
     */
    public static WorkerOptions defaults(WorkerId worker) {
        return new WorkerOptions(worker, Duration.ofMinutes(1), Duration.ofSeconds(30), Duration.ofSeconds(1),
                THREAD_PER_JOB);
    }

    public WorkerOptions withShutdownTimeout(Duration timeout) {
        return new WorkerOptions(worker, recoveryInterval, timeout, errorPause, threads);
    }

    public WorkerOptions withRecoveryInterval(Duration interval) {
        return new WorkerOptions(worker, interval, shutdownTimeout, errorPause, threads);
    }

    public WorkerOptions withThreads(int count) {
        return new WorkerOptions(worker, recoveryInterval, shutdownTimeout, errorPause, count);
    }

    private static void positive(Duration d, String what) {
        Objects.requireNonNull(d, what);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }
}
