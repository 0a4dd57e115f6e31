package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.domain.error.StorageUnavailableException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Retries an action that failed because another connection or process held a lock. SQLite has
 * already waited the busy timeout before reporting busy; the backoff here adds room for a second
 * process that holds the write lock for longer (a batch of its own, a checkpoint).
 */
final class BusyRetry {
    private static final long FIRST_PAUSE_MILLIS = 5;
    private static final long MAX_PAUSE_MILLIS = 1_000;

    /** Something to try, which may throw a checked exception. */
    interface Attempt<T, E extends Exception> {
        T run() throws E;
    }

    private final int maxRetries;
    private final SqliteMetrics metrics;

    BusyRetry(int maxRetries, SqliteMetrics metrics) {
        this.maxRetries = maxRetries;
        this.metrics = metrics;
    }

    /** Runs {@code attempt}, again after a pause while it fails busy; the last failure is thrown as is. */
    <T, E extends Exception> T call(Attempt<T, E> attempt) throws E {
        for (int retry = 0; ; retry++) {
            try {
                return attempt.run();
            } catch (Exception e) {
                if (retry >= maxRetries || !SqliteErrors.isBusy(e)) {
                    throw e;
                }
                metrics.busyRetry();
                pause(retry);
            }
        }
    }

    private static void pause(int retry) {
        long ceiling = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(retry, 20));
        // jitter, so that two processes that collided once do not collide again in step
        long millis = ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageUnavailableException("interrupted while waiting for a database lock", e);
        }
    }
}
