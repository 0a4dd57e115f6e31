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

        /** Lets the database go on: checkpoints may change the file again. Idempotent. */
        @Override
        void close();
    }
}
