package dev.stowage.application.service.backup;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.domain.error.StorageUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a backup's object writes on a few threads of their own, so that reading and hashing the
 * next chunk overlaps writing (and syncing) the previous ones, and the syncs of several objects
 * share the file system's journal commits. At most {@code maxInFlight} bytes of queued work are
 * held at once: a producer that gets ahead waits. The first failure is rethrown by {@link #await};
 * work queued after it is skipped.
 */
final class ParallelWriter implements AutoCloseable {
    /** A write that returns the bytes it added to the target (0 when the target had the object). */
    interface Write {
        long run() throws Exception;
    }

    private final ExecutorService pool;
    private final Semaphore budget;
    private final int maxInFlight;
    private final List<Future<Long>> pending = new ArrayList<>();
    private final AtomicInteger objects = new AtomicInteger();
    private volatile Throwable failed;

    ParallelWriter(String name, int threads, int maxInFlight) {
        this.pool = Executors.newFixedThreadPool(threads, DaemonThreads.numbered(name + "-"));
        this.maxInFlight = maxInFlight;
        this.budget = new Semaphore(maxInFlight);
    }

    /**
     * Queues {@code write}, which holds {@code bytes} in memory until it has run; waits while the
     * queued work already holds the budget.
     */
    void submit(long bytes, Write write) {
        if (failed != null) {
            return;
        }
        int permits = (int) Math.min(bytes, maxInFlight);
        budget.acquireUninterruptibly(permits);
        pending.add(pool.submit(() -> {
            try {
                if (failed != null) {
                    return 0L;
                }
                long added = write.run();
                if (added > 0) {
                    objects.incrementAndGet();
                }
                return added;
            } catch (Throwable e) {
                failed = e;
                throw e;
            } finally {
                budget.release(permits);
            }
        }));
    }

    /** Waits for every queued write; the bytes they added. Rethrows the first failure. */
    long await() {
        long total = 0;
        Throwable first = null;
        for (Future<Long> f : pending) {
            try {
                total += f.get();
            } catch (ExecutionException e) {
                first = first == null ? e.getCause() : first;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StorageUnavailableException("interrupted while the backup's objects were written", e);
            }
        }
        pending.clear();
        Throwable cause = failed != null ? failed : first;
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        if (cause != null) {
            throw new StorageUnavailableException("writing a backup object failed: " + cause.getMessage(), cause);
        }
        return total;
    }

    /** How many objects the writes added. */
    int objectsWritten() {
        return objects.get();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
