package dev.stowage.application.port.out;

import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Sha256;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * Where backups are kept: a folder or an S3 bucket, laid out content-addressed so each object is
 * kept once however many backups need it.
 *
 * <ul>
 *   <li><b>Objects</b>: immutable bytes named by their SHA-256 (packs of database snapshot chunks
 *       and blobs alike; a pack is read in runs with {@link #openObject(Sha256, long, long)}).
 *       A second backup after a small change finds most of its objects present and writes only the
 *       rest.</li>
 *   <li><b>Manifests</b>: one per backup, named by its id, written after every object it names.
 *       A backup exists exactly when its manifest does.</li>
 *   <li><b>Locks</b>: small markers by which backups and prunes in different processes avoid each
 *       other (see {@link TargetLock}).</li>
 * </ul>
 *
 * <p>Every name is made from a digest, a backup id or a lock id, never from user input. Every write
 * is all-or-nothing and durable when the call returns: a reader, or the target after a crash, sees
 * an object or manifest whole or not at all (a crash may leave temporary data, which the target
 * ignores and {@link #sweepTemporary} removes). Bytes are streamed, never held whole in memory,
 * except manifests and locks, which are small. Implementations are safe for concurrent use.
 */
public interface BackupTarget {

    // ---- objects ----

    /** The size of the object with that digest, or empty when the target has none. */
    Optional<Long> objectSize(Sha256 sha256);

    /**
     * Stores {@code data} as the object {@code sha256}, checking on the way that exactly
     * {@code size} bytes with that digest arrive. Does not close {@code data}.
     *
     * <p>Idempotent: when the object is already present nothing is read or written and the call
     * returns false; two callers storing one object at once both succeed and it is stored once.
     *
     * @return true when this call wrote the object, false when it was already there
     * @throws dev.stowage.domain.error.ChecksumMismatchException the bytes are not {@code size} bytes
     *         with that digest; nothing is stored
     * @throws dev.stowage.domain.error.StorageFullException       the target is out of space
     * @throws dev.stowage.domain.error.StorageUnavailableException the target failed, or {@code data} did
     */
    boolean putObject(Sha256 sha256, long size, InputStream data);

    /** What {@link #putObject(byte[], int, int)} did: the object's digest, and whether this call wrote it. */
    record Stored(Sha256 sha256, boolean written) {
        public Stored {
            java.util.Objects.requireNonNull(sha256, "sha256");
        }
    }

    /**
     * Stores {@code length} bytes of {@code bytes} from {@code offset} as the object named by their
     * SHA-256, which the target computes as it stores them: for bytes held in memory that nobody has
     * hashed whole yet (a pack of snapshot chunks), so that they are hashed once, not once by the
     * caller to name them and again by the target to check them. Otherwise as
     * {@link #putObject(Sha256, long, InputStream)}: durable when it returns, whole or not at all,
     * stored once however many callers store it. The default hashes, then stores through that method
     * (two passes); a target that writes through a temporary name overrides it with one pass. The
     * array is only read, and not kept.
     *
     * @return the digest, and false when the target already had that object (nothing was added)
     * @throws IndexOutOfBoundsException when {@code offset} and {@code length} do not lie within {@code bytes}
     * @throws dev.stowage.domain.error.StorageFullException       the target is out of space
     * @throws dev.stowage.domain.error.StorageUnavailableException the target failed
     */
    default Stored putObject(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        java.security.MessageDigest md = Sha256.newDigest();
        md.update(bytes, offset, length);
        Sha256 sha = Sha256.of(md.digest());
        return new Stored(sha, putObject(sha, length, new java.io.ByteArrayInputStream(bytes, offset, length)));
    }

    /**
     * Object writes whose syncs are gathered, for a backup that writes many objects and names them
     * all in one manifest: an object put through a batch need be neither durable nor visible at the
     * target until {@link #commit} returns; then every one of them is, each whole (never a name with
     * part of its bytes, whatever crashes when). Safe for use from several threads; {@link #commit}
     * is called once, after every put has returned. Closing a batch that was not committed drops
     * what it wrote where the target can (what it cannot drop is temporary data for
     * {@link #sweepTemporary}, or objects no manifest names, for a prune).
     */
    interface Batch extends AutoCloseable {
        /** As {@link BackupTarget#putObject(Sha256, long, InputStream)}, but durable and visible only once committed. */
        boolean putObject(Sha256 sha256, long size, InputStream data);

        /** As {@link BackupTarget#putObject(byte[], int, int)}, but durable and visible only once committed. */
        Stored putObject(byte[] bytes, int offset, int length);

        /**
         * Makes every object put through this batch durable and visible; returns once they are.
         *
         * @throws dev.stowage.domain.error.StorageUnavailableException the target failed; what is visible is whole
         */
        void commit();

        @Override
        void close();
    }

    /**
     * A new {@link Batch}. The default writes each object at once, durably, as the calls on the target
     * do (its commit has nothing left to do): right for a target whose every write is a request that
     * is durable when answered (S3). A folder target gathers the syncs.
     */
    default Batch batch() {
        BackupTarget target = this;
        return new Batch() {
            @Override
            public boolean putObject(Sha256 sha256, long size, InputStream data) {
                return target.putObject(sha256, size, data);
            }

            @Override
            public Stored putObject(byte[] bytes, int offset, int length) {
                return target.putObject(bytes, offset, length);
            }

            @Override
            public void commit() {
                // every object is durable already
            }

            @Override
            public void close() {
                // nothing is pending
            }
        };
    }

    /**
     * Opens an object for reading; the caller closes the stream. The target does not re-check the
     * digest on read: verify does.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is none with that digest
     */
    InputStream openObject(Sha256 sha256);

    /**
     * Opens part of an object: at most {@code length} bytes from {@code offset}, for reading one run
     * of chunks out of a pack. The stream ends early when the object does, and is empty when
     * {@code offset} is at or past its end: the caller checks what it reads against the digests it
     * knows. The default skips to {@code offset}; targets that can seek or ask for a range override it.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is none with that digest
     * @throws dev.stowage.domain.error.InvalidInputException when {@code offset} or {@code length} is negative
     */
    default InputStream openObject(Sha256 sha256, long offset, long length) {
        if (offset < 0 || length < 0) {
            throw new dev.stowage.domain.error.InvalidInputException("a range of an object must not be negative");
        }
        InputStream in = openObject(sha256);
        try {
            long skipped = in.skip(offset);
            while (skipped < offset && in.read() >= 0) {
                skipped++;
                skipped += in.skip(offset - skipped);
            }
        } catch (java.io.IOException e) {
            try {
                in.close();
            } catch (java.io.IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new dev.stowage.domain.error.StorageUnavailableException("reading backup object " + sha256 + " failed: "
                    + e.getMessage(), e);
        }
        return limited(in, length);
    }

    /**
     * {@code in} cut off after {@code length} bytes, for a target that has positioned it at a range's
     * start; closing it closes {@code in}.
     */
    static InputStream limited(InputStream in, long length) {
        return new java.io.FilterInputStream(in) {
            private long left = length;

            @Override
            public int read() throws java.io.IOException {
                if (left <= 0) {
                    return -1;
                }
                int b = super.read();
                if (b >= 0) {
                    left--;
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                if (left <= 0) {
                    return len == 0 ? 0 : -1;
                }
                int n = super.read(b, off, (int) Math.min(len, left));
                if (n > 0) {
                    left -= n;
                }
                return n;
            }

            @Override
            public long skip(long n) throws java.io.IOException {
                long s = super.skip(Math.min(n, left));
                left -= s;
                return s;
            }

            @Override
            public int available() throws java.io.IOException {
                return (int) Math.min(super.available(), left);
            }
        };
    }

    /** @return true if deleted, false if there was none. Idempotent. */
    boolean deleteObject(Sha256 sha256);

    /**
     * Every object's digest, in no particular order. Lazy; may or may not reflect writes made while
     * it runs, so a prune decides what to delete from a listing taken under its lock.
     */
    Iterator<Sha256> objects();

    // ---- manifests ----

    /**
     * Writes a backup's manifest: its commit point. The caller writes it only after every object
     * it names is stored.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when that backup already has one (the
     *         existing one is untouched)
     */
    void putManifest(BackupId id, byte[] manifest);

    /**
     * A manifest's bytes.
     *
     * @throws dev.stowage.domain.error.NotFoundException when that backup has none
     */
    byte[] readManifest(BackupId id);

    /** Ids of the backups that have a manifest, oldest first. */
    List<BackupId> manifests();

    /**
     * Deletes a manifest, which removes the backup (its objects stay until a prune finds no
     * manifest needs them).
     *
     * @return true if deleted, false if there was none. Idempotent.
     */
    boolean deleteManifest(BackupId id);

    // ---- locks ----

    /**
     * Writes a lock marker; replaces one of the same id (a holder refreshing its time).
     */
    void putLock(TargetLock lock);

    /** Every lock marker present, in no particular order; unreadable ones are skipped. */
    List<TargetLock> locks();

    /** @return true if removed, false if there was none. Idempotent. */
    boolean deleteLock(String id);

    // ---- housekeeping ----

    /**
     * Removes temporary data that writes interrupted by a crash left behind and that is older than
     * {@code olderThan}. Safe while writes go on (younger temporary data is someone's write).
     *
     * @return how many temporary items were removed
     */
    int sweepTemporary(java.time.Duration olderThan);

    /** A short description for operators ({@code fs:/var/backups}, {@code s3:bucket/prefix}), no secrets. */
    String describe();
}
