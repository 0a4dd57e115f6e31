package dev.stowage.adapter.out.fs;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Streams a caller's bytes into a file at a position, counting them and computing their SHA-256.
 *
 * <p>Why this is more than a loop: SHA-256 costs about as much CPU per byte as the copy itself, and
 * an fsync at the end of a large file waits for every byte to reach the disk at once. So a blob
 * larger than one chunk is digested on a helper thread, chunk by chunk, while this thread writes the
 * same chunk (both only read it); and every {@link #FLUSH_EVERY} bytes another helper starts an
 * fdatasync of what is written so far, so the disk works while the copy goes on and the caller's
 * final fsync finds little left. Durability still rests on that final fsync alone: the early
 * flushes only start the writeback sooner. A blob that fits in one chunk is copied inline, with no
 * hand-off, and when the helpers are all busy the copy runs inline too.
 *
 * <p>The caller's stream is only ever read on the caller's thread, and the file only written
 * there: a failure of either surfaces where it happened.
 */
final class BlobCopier {
    /** Bytes per read and write; big enough that syscalls cost little, small enough for -Xmx64m. */
    static final int CHUNK = 256 * 1024;
    /** Chunks in flight per large copy: one being filled, the rest written or digested. */
    static final int CHUNKS = 4;
    /** How much newly written data starts a background fdatasync. */
    static final long FLUSH_EVERY = 32L * 1024 * 1024;

    /** What a copy moved. */
    record Copied(long size, Sha256 sha256) {
    }

    private final Executor helpers;

    BlobCopier(Executor helpers) {
        this.helpers = helpers;
    }

    /**
     * Copies {@code data} to {@code ch} from {@code position} on until the stream ends.
     *
     * @throws TooLargeException           more than {@code maxBytes} arrived
     * @throws StorageUnavailableException reading {@code data} failed
     * @throws IOException                 writing or flushing the file failed
     */
    Copied copy(BlobKey key, InputStream data, FileChannel ch, long position, long maxBytes) throws IOException {
        MessageDigest md = sha256();
        byte[] first = new byte[CHUNK];
        int len = fill(key, data, first);
        checkLimit(key, len, maxBytes);
        if (len < CHUNK) {
            md.update(first, 0, len);
            writeFully(ch, first, len, position);
            return new Copied(len, Sha256.of(md.digest()));
        }
        Hasher hasher = Hasher.start(md, helpers);
        Flusher flusher = new Flusher(ch, helpers);
        byte[][] ring = new byte[CHUNKS][];
        ring[0] = first;
        long size = len;
        long pos = position;
        try {
            for (int i = 0; ; i = (i + 1) % CHUNKS) {
                hasher.digest(ring[i], len);
                writeFully(ch, ring[i], len, pos);
                pos += len;
                flusher.written(pos - position);
                if (len < CHUNK) {
                    break;
                }
                int next = (i + 1) % CHUNKS;
                hasher.awaitDone(); // the chunk about to be refilled may still be digesting
                if (ring[next] == null) {
                    ring[next] = new byte[CHUNK];
                }
                len = fill(key, data, ring[next]);
                size += len;
                checkLimit(key, size, maxBytes);
                if (len == 0) {
                    break;
                }
            }
            byte[] digest = hasher.finish();
            flusher.finish();
            return new Copied(size, Sha256.of(digest));
        } finally {
            // On failure too: no helper may still touch a buffer or the channel once we return.
            hasher.stop();
            flusher.awaitQuietly();
        }
    }

    /** Reads until {@code buf} is full or the stream ends; the caller's failures are told apart from ours. */
    private static int fill(BlobKey key, InputStream data, byte[] buf) {
        int n = 0;
        while (n < buf.length) {
            int r;
            try {
                r = data.read(buf, n, buf.length - n);
            } catch (IOException e) {
                // the caller's stream failed, not the disk: say so, so nobody goes looking at the disk
                throw new StorageUnavailableException("reading the data for blob '" + key + "' failed: " + e.getMessage(), e);
            }
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }

    private static void checkLimit(BlobKey key, long size, long maxBytes) {
        if (size > maxBytes) {
            throw new TooLargeException("blob '" + key + "'", maxBytes);
        }
    }

    private static void writeFully(FileChannel ch, byte[] buf, int len, long position) throws IOException {
        ByteBuffer view = ByteBuffer.wrap(buf, 0, len);
        long pos = position;
        while (view.hasRemaining()) {
            pos += ch.write(view, pos);
        }
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /**
     * Digests chunks in the order given, on a helper thread, or inline when no helper is free. A
     * permit per chunk in flight keeps the caller from refilling a chunk that is still being read.
     */
    private static final class Hasher implements Runnable {
        private static final Object END = new Object();

        private final MessageDigest md;
        private final LinkedBlockingQueue<Object> chunks = new LinkedBlockingQueue<>();
        private final Semaphore free = new Semaphore(CHUNKS - 1);
        private final CountDownLatch stopped = new CountDownLatch(1);
        private final boolean inline;
        private volatile Throwable failure;
        private boolean ended;

        private Hasher(MessageDigest md, boolean inline) {
            this.md = md;
            this.inline = inline;
        }

        static Hasher start(MessageDigest md, Executor helpers) {
            Hasher h = new Hasher(md, false);
            try {
                helpers.execute(h);
                return h;
            } catch (RejectedExecutionException busy) {
                return new Hasher(md, true);
            }
        }

        void digest(byte[] buf, int len) {
            if (inline) {
                md.update(buf, 0, len);
            } else {
                chunks.add(new Chunk(buf, len));
            }
        }

        /** Waits until the oldest chunk in flight is digested, so its buffer may be refilled. */
        void awaitDone() {
            if (!inline) {
                free.acquireUninterruptibly();
                throwIfFailed();
            }
        }

        byte[] finish() {
            stop();
            throwIfFailed();
            return md.digest();
        }

        /** Ends the helper and waits for it; idempotent. It only digests memory, so the wait is short. */
        void stop() {
            if (inline || ended) {
                return;
            }
            ended = true;
            chunks.add(END);
            boolean interrupted = false;
            while (true) {
                try {
                    stopped.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void run() {
            try {
                while (true) {
                    Object next = chunks.take();
                    if (next == END) {
                        return;
                    }
                    Chunk c = (Chunk) next;
                    md.update(c.buf(), 0, c.len());
                    free.release();
                }
            } catch (Throwable t) {
                failure = t;
                // never leave the caller waiting for a permit that will not come
                free.release(Integer.MAX_VALUE / 2);
            } finally {
                stopped.countDown();
            }
        }

        private void throwIfFailed() {
            Throwable t = failure;
            if (t != null) {
                throw new IllegalStateException("digesting a blob failed: " + t, t);
            }
        }

        private record Chunk(byte[] buf, int len) {
        }
    }

    /**
     * Starts an fdatasync in the background after every {@link #FLUSH_EVERY} new bytes, one at a
     * time. Its failure must reach the caller: Linux reports a writeback error to one fsync per
     * open file, so the final fsync might not see what an early flush already consumed.
     */
    private static final class Flusher {
        private final FileChannel ch;
        private final Executor helpers;
        private long flushedAt;
        private Flush running;

        Flusher(FileChannel ch, Executor helpers) {
            this.ch = ch;
            this.helpers = helpers;
        }

        void written(long bytes) throws IOException {
            if (bytes - flushedAt < FLUSH_EVERY) {
                return;
            }
            if (running != null) {
                if (!running.done()) {
                    return;
                }
                running.rethrow();
            }
            Flush f = new Flush(ch);
            try {
                helpers.execute(f);
            } catch (RejectedExecutionException busy) {
                return; // the final fsync does all the work, as without this class
            }
            running = f;
            flushedAt = bytes;
        }

        void finish() throws IOException {
            if (running != null) {
                running.await();
                running.rethrow();
            }
        }

        void awaitQuietly() {
            if (running != null) {
                running.await();
            }
        }
    }

    private static final class Flush implements Runnable {
        private final FileChannel ch;
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile IOException failure;

        Flush(FileChannel ch) {
            this.ch = ch;
        }

        @Override
        public void run() {
            try {
                ch.force(false);
            } catch (IOException e) {
                failure = e;
            } finally {
                finished.countDown();
            }
        }

        boolean done() {
            return finished.getCount() == 0;
        }

        void await() {
            boolean interrupted = false;
            while (true) {
                try {
                    finished.await();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        void rethrow() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }
}
