package dev.stowage.application.port.out;

import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.blob.BlobKey;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Consistent copies of the live metadata database, for backup, and (as {@link SnapshotFiles}) the
 * reading, checking and migrating of such copies, for backup and restore. The copy is always a file
 * in the snapshot format, whatever the live engine.
 */
public interface DatabaseSnapshots extends SnapshotFiles {

    /**
     * What a database file holds, read without changing it.
     *
     * @param schemaVersion    the latest migration applied to it
     * @param rowCounts        rows per table (Stowage's tables, not the migration history)
     * @param integrityCheck   SQLite's {@code integrity_check}: {@code ok}, or its findings on one line
     * @param foreignKeyErrors rows {@code foreign_key_check} reports, 0 for a sound file
     */
    record SnapshotFacts(String schemaVersion, Map<String, Long> rowCounts, String integrityCheck,
                         long foreignKeyErrors) {
        public SnapshotFacts {
            rowCounts = Map.copyOf(rowCounts);
        }

        public boolean sound() {
            return integrityCheck.equals("ok") && foreignKeyErrors == 0;
        }
    }

    /**
     * A blob a database's rows refer to: its key, and its size and SHA-256 when the rows record them
     * (documents, program images). A program's thumbnail is recorded by key alone; a backup learns its
     * size and digest from the blob store's bytes as it copies them.
     *
     * @param recorded the key with the size and digest the rows give, or empty when they give none
     */
    record BlobReference(BlobKey key, Optional<BlobEntry> recorded) {
        public BlobReference {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(recorded, "recorded");
            if (recorded.isPresent() && !recorded.get().key().equals(key)) {
                throw new IllegalArgumentException("a blob reference's recorded entry names another key");
            }
        }

        public static BlobReference of(BlobEntry entry) {
            return new BlobReference(entry.key(), Optional.of(entry));
        }

        public static BlobReference keyOnly(BlobKey key) {
            return new BlobReference(key, Optional.empty());
        }
    }

    /**
     * The pages that may have changed between two frozen moments (see {@link Frozen#changedSince}).
     *
     * @param pageSize the database's page size in bytes; page {@code p} (0-based) is the snapshot
     *                 file's bytes {@code [p * pageSize, (p + 1) * pageSize)}
     * @param pages    the 0-based indexes of the pages that may differ; the record keeps its own copy
     */
    record ChangedPages(int pageSize, java.util.BitSet pages) {
        public ChangedPages {
            if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
                throw new IllegalArgumentException("a page size is a power of two from 512 to 65536, not " + pageSize);
            }
            pages = (java.util.BitSet) Objects.requireNonNull(pages, "pages").clone();
        }

        /** Whether any page overlapping the snapshot file's bytes {@code [from, from + length)} may differ. */
        public boolean mayDiffer(long from, long length) {
            if (from < 0 || length <= 0) {
                throw new IllegalArgumentException("bytes " + from + "+" + length + " are not a range of a file");
            }
            long first = from / pageSize;
            long last = (from + length - 1) / pageSize;
            if (first > Integer.MAX_VALUE) {
                return false;
            }
            int next = pages.nextSetBit((int) first);
            return next >= 0 && next <= last;
        }

        @Override
        public java.util.BitSet pages() {
            return (java.util.BitSet) pages.clone();
        }
    }

    /**
     * Writes a snapshot of the whole live database to {@code target}, a new file, while writers
     * keep working: the copy is exactly the state of one committed moment, and writers pause at
     * most briefly. The caller checkpoints first if it wants the WAL folded in (it makes the copy
     * faster, not more correct). The copy is synced to disk when this returns.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when {@code target} exists
     * @throws dev.stowage.domain.error.StorageException when the copy fails; a partial file may remain
     *         at {@code target} for the caller to delete
     */
    void snapshotTo(Path target);

    /**
     * Holds the live database still at one committed moment, without copying it, when the engine can:
     * the returned view reads that moment's bytes straight from the live file while writers go on
     * (they pause only while the view is set up). Empty when it cannot (another engine, a database
     * not open, a checkpoint that other connections kept from finishing): the caller then copies
     * with {@link #snapshotTo}. The caller must close the view, and promptly: while it is open no
     * checkpoint can fold the write-ahead log into the database file, so the log grows.
     *
     * @throws dev.stowage.domain.error.StorageException when the database cannot be read
     */
    default Optional<Frozen> freeze() {
        return Optional.empty();
    }

    /**
     * One committed moment of the live database, held while open (see {@link #freeze}). Its reads,
     * its blob list and its facts all see exactly that moment. {@link #inspect} may run on another
     * thread beside the reads and {@link #forEachBlob}; each of those is for one thread at a time.
     */
    interface Frozen extends AutoCloseable {

        /** The size in bytes of the database file at that moment, as a self-contained snapshot file. */
        long size();

        /**
         * Fills {@code into} with the snapshot file's bytes from {@code position}, which with the
         * buffer's length must lie within {@link #size}. The bytes are those of a self-contained
         * database file (no write-ahead log needed), the same as {@link #snapshotTo} would give in content.
         *
         * @throws java.io.IOException when the file cannot be read, or is shorter than the moment's size
         */
        void read(long position, byte[] into) throws java.io.IOException;

        /** The moment's facts, as {@link SnapshotFiles#inspect} gives them for a copy of it. */
        SnapshotFacts inspect();

        /** The blobs the moment's rows refer to, as {@link SnapshotFiles#forEachBlob} gives them for a copy of it. */
        void forEachBlob(java.util.function.Consumer<BlobReference> sink);

        /**
         * A mark of this moment that a later freeze of the same database can tell its changes since
         * ({@link #changedSince}), to be recorded with the backup taken from it. Empty when the engine
         * does not track its changes. The mark is opaque text of at most 200 printable ASCII characters.
         */
        default Optional<String> changeMark() {
            return Optional.empty();
        }

        /**
         * The pages of this moment's snapshot file that may differ from those of the earlier moment
         * {@code earlierMark} names. Every page outside the returned set that lies within both moments'
         * sizes holds, in this moment's snapshot file, exactly the bytes it held in the earlier one's;
         * a page in the set may or may not differ (the set may say too much, never too little). Empty
         * when that cannot be told: the engine tracks no changes, the mark is of another database or
         * was not made by this engine, or some change since was not tracked (another process folded
         * the write-ahead log into the file, the file was replaced, the tracking log was trimmed or
         * lost). The caller then reads everything.
         */
        default Optional<ChangedPages> changedSince(String earlierMark) {
            return Optional.empty();
        }

        /** Lets the database go on: checkpoints may change the file again. Idempotent. */
        @Override
        void close();
    }
}
