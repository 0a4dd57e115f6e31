package dev.stowage.adapter.in.http;

import dev.stowage.domain.document.UploadId;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One lock per upload that a request is working on, so that requests on one upload take turns.
 *
 * <p>The use case reads an upload's offset, stages the chunk, then advances the offset; two PATCHes
 * interleaving there could both pass the offset check. More commonly, a client whose connection
 * dropped asks for the offset (HEAD) while the server is still committing the bytes that did
 * arrive; waiting for that request gives it the settled offset rather than a stale one that its
 * next PATCH would contradict. Locks are held only in this process: one server per upload store.
 * Entries are counted and removed when unused, so the map holds only uploads in use.
 */
final class TusLocks {

    private static final class Entry {
        final ReentrantLock lock = new ReentrantLock();
        int users;
    }

    /** A held lock; closing releases it. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }

    private final ConcurrentHashMap<UploadId, Entry> entries = new ConcurrentHashMap<>();

    /**
     * Waits up to {@code wait} for the upload's lock.
     *
     * @return the held lock, or empty when another request kept it all that time
     */
    Optional<Held> acquire(UploadId id, Duration wait) {
        Entry entry = entries.compute(id, (k, e) -> {
            Entry in = e == null ? new Entry() : e;
            in.users++;
            return in;
        });
        boolean locked = false;
        try {
            locked = entry.lock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!locked) {
            release(id);
            return Optional.empty();
        }
        return Optional.of(() -> {
            entry.lock.unlock();
            release(id);
        });
    }

    /** Uploads with a lock entry; for tests, to see that entries do not pile up. */
    int size() {
        return entries.size();
    }

    private void release(UploadId id) {
        entries.computeIfPresent(id, (k, e) -> --e.users == 0 ? null : e);
    }
}
