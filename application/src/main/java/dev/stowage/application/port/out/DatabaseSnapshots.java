package dev.stowage.application.port.out;

import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.blob.BlobKey;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** Consistent copies of the metadata database, and checks of such copies, for backup and restore. */
public interface DatabaseSnapshots {

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
     * Reads a database file's facts without changing it (opened read-only, no WAL of its own).
     *
     * @throws dev.stowage.domain.error.InvalidInputException when it is not a Stowage database, or its
     *         schema is newer than this build knows
     */
    SnapshotFacts inspect(Path file);

    /**
     * Calls {@code sink} with every blob the rows of {@code file} refer to (documents' bytes, the
     * images and thumbnails of programs and of their kept revisions, ...), in key order. A key comes
     * once, with its recorded size and digest when any row records them, by key alone when none
     * does; a key whose rows record two different sizes or digests comes once per version, for the
     * manifest to refuse. Reads the file, not the live database, so a backup names exactly the
     * blobs of its snapshot's moment; a file from before a table existed simply has none of its blobs.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when it is not a Stowage database
     */
    void forEachBlob(Path file, Consumer<BlobReference> sink);

    /**
     * Applies to {@code file} (not the live database) every migration it lacks, for a restore of a
     * backup taken by an older build.
     *
     * @return the migrations applied, oldest first (empty when it was current)
     * @throws dev.stowage.domain.error.InvalidInputException when its schema is newer than this build knows
     */
    List<String> migrate(Path file);
}
