package dev.stowage.application.port.out;

import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.util.Map;

/**
 * Where the queue services report what they do, so that an adapter can turn it into metrics
 * (Micrometer, in {@code adapters-micrometer}) without the application layer knowing a metrics library.
 *
 * <p>Every method has a do-nothing default. Implementations are called on the hot path from many
 * threads: they must be thread-safe, quick, and must not throw.
 */
public interface QueueMetrics {

    /** Records nothing. */
    QueueMetrics NONE = new QueueMetrics() {
    };

    /** {@code count} new jobs were stored (duplicates resolved to existing jobs are not counted). */
    default void enqueued(QueueName queue, int count) {
    }

    /** A worker claimed {@code count} jobs at once. */
    default void claimed(QueueName queue, int count) {
    }

    /**
     * A claimed job started {@code delay} after it became due: after its enqueue, or after its
     * run-at for delayed and retried jobs. This is the enqueue-to-start latency.
     */
    default void startDelay(QueueName queue, Duration delay) {
    }

    /** A job completed after running for {@code runTime} (its last attempt, start to finish). */
    default void completed(QueueName queue, JobType type, Duration runTime) {
    }

    /** An attempt failed and the job will be tried again after its backoff. */
    default void retried(QueueName queue, JobType type) {
    }

    /** An attempt failed and the job has no attempts left: it is now {@code FAILED}. */
    default void failed(QueueName queue, JobType type) {
    }

    /** A running job stopped on a cancel request. */
    default void cancelled(QueueName queue, JobType type) {
    }

    /**
     * How many jobs each queue holds in each state, as counted just now (every state present, zero
     * when none). A queue that held jobs before and is absent now holds none. Called on a timer
     * from one thread at a time, whichever database stores the jobs.
     */
    default void jobCounts(Map<QueueName, Map<JobState, Long>> byQueue) {
    }
}
