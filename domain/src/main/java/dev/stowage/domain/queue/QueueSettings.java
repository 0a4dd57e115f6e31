package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * How a queue behaves. A queue exists as soon as a job or a setting names it; until settings are
 * saved it behaves as {@link #defaults(QueueName)}.
 *
 * @param paused             a paused queue hands out no jobs; enqueueing still works
 * @param maxConcurrency     at most this many of the queue's jobs run at once, across all workers
 * @param defaultMaxAttempts attempts a job gets when its enqueue does not say
 * @param backoff            delay between a failed attempt and the next
 * @param leaseDuration      how long a claim lasts without a heartbeat
 */
public record QueueSettings(QueueName queue, boolean paused, int maxConcurrency, int defaultMaxAttempts,
                            BackoffPolicy backoff, Duration leaseDuration) {
    public static final int MAX_CONCURRENCY_LIMIT = 10_000;
    public static final int MAX_ATTEMPTS_LIMIT = 1_000;
    public static final Duration MIN_LEASE = Duration.ofMillis(100);
    public static final Duration MAX_LEASE = Duration.ofDays(1);

    public QueueSettings {
        Objects.requireNonNull(queue, "queue");
        Checks.range(maxConcurrency, 1, MAX_CONCURRENCY_LIMIT, "max concurrency");
        Checks.range(defaultMaxAttempts, 1, MAX_ATTEMPTS_LIMIT, "default max attempts");
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(leaseDuration, "leaseDuration");
        // compared as durations: a huge one must be refused, not overflow a conversion to millis
        if (leaseDuration.compareTo(MIN_LEASE) < 0 || leaseDuration.compareTo(MAX_LEASE) > 0) {
            throw new InvalidInputException("lease duration must be between 100 ms and 1 day, got " + leaseDuration);
        }
    }

    public static QueueSettings defaults(QueueName queue) {
        return new QueueSettings(queue, false, 16, 3, BackoffPolicy.DEFAULT, Duration.ofSeconds(30));
    }

    public QueueSettings withPaused(boolean p) {
        return new QueueSettings(queue, p, maxConcurrency, defaultMaxAttempts, backoff, leaseDuration);
    }
}
