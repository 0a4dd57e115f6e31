package dev.stowage.application.concurrent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Blocking I/O run on a few threads at once, for work whose waits overlap (syncs, ranged reads). */
public final class ParallelIo {
    private ParallelIo() {
    }

    /** One item's work. */
    @FunctionalInterface
    public interface Action<T> {
        void run(T item) throws IOException;
    }

    /**
     * Runs {@code action} on every item, on up to {@code threads} daemon threads named {@code name-N}
     * that live for this call only, and returns once all have ended. The first failure, in the items'
     * order, is thrown as it was (an {@link IOException} or unchecked exception; anything else wrapped
     * in an {@code IOException}); the others are left to finish, then the threads are stopped.
     *
     * @throws InterruptedIOException when the calling thread is interrupted while it waits
     */
    public static <T> void forEach(Collection<T> items, int threads, String name, Action<T> action) throws IOException {
        Objects.requireNonNull(action, "action");
        if (items.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, items.size())),
                DaemonThreads.numbered(name + "-"));
        try {
            var futures = new ArrayList<Future<?>>(items.size());
            for (T item : items) {
                futures.add(pool.submit(() -> {
                    action.run(item);
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    if (cause instanceof RuntimeException r) {
                        throw r;
                    }
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw new IOException(name + " failed: " + cause, cause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while " + name + " ran");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
