package dev.stowage.application.port.out;

import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Sha256;
import java.io.InputStream;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Immutable byte objects by key: the local filesystem, S3, or memory. Used for documents, program
 * images and backups alike.
 *
 * <p>Writes are all-or-nothing: a reader sees a blob whole or not at all, never a partial one, even
 * when the process dies mid-write (what a crash leaves behind is temporary data that
 * {@link #sweepTemporary} removes). Bytes are streamed, never held whole in memory.
 */
public interface BlobStore {

    /**
     * Limits and checks for one {@link #put}.
     *
     * @param expectedSize   the caller's declared size; a different count of bytes fails the put
     * @param maxBytes       more bytes than this fail the put with {@link dev.stowage.domain.error.TooLargeException}
     * @param expectedSha256 the caller's declared digest; a different one fails the put with
     *                       {@link dev.stowage.domain.error.ChecksumMismatchException}
     */
    record PutOptions(OptionalLong expectedSize, long maxBytes, Optional<Sha256> expectedSha256) {
        public PutOptions {
            Objects.requireNonNull(expectedSize, "expectedSize");
            if (maxBytes < 0) {
                throw new IllegalArgumentException("maxBytes < 0");
            }
            Objects.requireNonNull(expectedSha256, "expectedSha256");
        }

        public static PutOptions unlimited() {
            return new PutOptions(OptionalLong.empty(), Long.MAX_VALUE, Optional.empty());
        }

        public PutOptions withMaxBytes(long max) {
            return new PutOptions(expectedSize, max, expectedSha256);
        }

        public PutOptions withExpectedSha256(Sha256 sha) {
            return new PutOptions(expectedSize, maxBytes, Optional.of(sha));
        }

        public PutOptions withExpectedSize(long size) {
            return new PutOptions(OptionalLong.of(size), maxBytes, expectedSha256);
        }

        /**
         * Checks what arrived against what was declared; every store calls it before it makes a
         * blob visible.
         *
         * @throws dev.stowage.domain.error.ChecksumMismatchException when the size or digest differs
         */
        public void verify(BlobKey key, long size, Sha256 sha256) {
            if (expectedSize.isPresent() && expectedSize.getAsLong() != size) {
                throw new dev.stowage.domain.error.ChecksumMismatchException("blob '" + key + "' was declared as "
                        + expectedSize.getAsLong() + " bytes but " + size + " arrived");
            }
            if (expectedSha256.isPresent() && !expectedSha256.get().equals(sha256)) {
                throw new dev.stowage.domain.error.ChecksumMismatchException("blob '" + key + "' has SHA-256 "
                        + sha256 + ", not the declared " + expectedSha256.get());
            }
        }
    }

    /**
     * Streams {@code data} to {@code key}, computing size and SHA-256 on the way, and makes it
     * visible only once it is complete and durable. If the key exists it is replaced atomically.
     * On any failure nothing is stored under {@code key} (an earlier blob there is untouched).
     * Does not close {@code data}.
     *
     * @throws dev.stowage.domain.error.TooLargeException         more than {@code maxBytes}
     * @throws dev.stowage.domain.error.ChecksumMismatchException the digest or size is not the declared one
     * @throws dev.stowage.domain.error.StorageFullException      the backend is out of space
     * @throws dev.stowage.domain.error.StorageUnavailableException the backend failed or {@code data} failed to read
     */
    BlobInfo put(BlobKey key, InputStream data, PutOptions options);

    /** The blob's facts, or empty when there is none. */
    Optional<BlobInfo> stat(BlobKey key);

    /**
     * Opens the whole blob for reading. The caller closes the stream.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such blob
     */
    InputStream open(BlobKey key);

    /**
     * Opens part of a blob. The range is clipped to the blob's end.
     *
     * @throws dev.stowage.domain.error.NotFoundException     when there is no such blob
     * @throws dev.stowage.domain.error.InvalidInputException when the range starts past the end
     */
    InputStream open(BlobKey key, ByteRange range);

    /** @return true if a blob was deleted, false if there was none. Idempotent. */
    boolean delete(BlobKey key);

    /**
     * Every blob whose key starts with {@code prefix} (an empty prefix lists all), in key order.
     * The iteration is lazy and may reflect writes made while it runs.
     */
    Iterator<BlobInfo> list(String prefix);

    /**
     * One item of temporary data: what a write in progress holds, or what a write interrupted by a
     * crash left behind.
     *
     * @param name        where it is, for an operator (a path below the store, an object name)
     * @param bytes       its size so far
     * @param lastWritten when it last grew
     * @param owner       whether the process that wrote it still runs, where the store can know
     */
    record Temporary(String name, long bytes, Instant lastWritten, Owner owner) {
        public Temporary {
            Objects.requireNonNull(name, "name");
            if (bytes < 0) {
                throw new IllegalArgumentException("bytes < 0");
            }
            Objects.requireNonNull(lastWritten, "lastWritten");
            Objects.requireNonNull(owner, "owner");
        }

        /** What the store knows of the writer of a temporary item. */
        public enum Owner {
            /** Held by a running process (this one or another): a write may still be going on. */
            RUNNING,
            /** Its process is gone: garbage at once, whatever its age. */
            DEAD,
            /** The store cannot tell (an object store, an older layout): only its age can judge it. */
            UNKNOWN
        }
    }

    /**
     * Every item of temporary data the store holds now, with its size, whatever its age or owner.
     * Reads no blob; may miss an item created or removed while it runs.
     */
    List<Temporary> temporaries();

    /**
     * Removes temporary data that writes interrupted by a crash left behind: at once what a
     * process that is gone left ({@link Temporary.Owner#DEAD}), and otherwise what was last written
     * at least {@code olderThan} ago. Safe to run while writes go on, in this process or another:
     * a write whose temporary data is swept fails cleanly and stores nothing.
     *
     * @return how many temporary items were removed
     */
    int sweepTemporary(java.time.Duration olderThan);

    /** A short name of the backend for health and logs: {@code fs}, {@code s3} or {@code memory}. */
    String backendName();
}
