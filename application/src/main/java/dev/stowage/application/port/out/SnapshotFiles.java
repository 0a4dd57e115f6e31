package dev.stowage.application.port.out;

import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Database files in the format a backup keeps its snapshot in (a SQLite database file with
 * Stowage's schema), whatever engine the live database runs on: read, checked, migrated, and
 * written from another engine's rows. A backup of a PostgreSQL database is such a file holding its
 * rows, so that every backup has one archive format and restores into either engine.
 */
public interface SnapshotFiles {

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

    /**
     * Creates {@code file} with the current schema and writes into it every row {@code source}
     * exports, in one transaction, then checks each table's row count against the export's and
     * syncs the file. The source's consistency (one snapshot) is the source's promise; this writes
     * exactly what it hands over.
     *
     * @return the rows written per table
     * @throws dev.stowage.domain.error.AlreadyExistsException when {@code file} exists
     * @throws dev.stowage.domain.error.InvalidInputException  when the export has a table or column
     *         the file's schema lacks, or a value its column refuses; the partial file is deleted
     * @throws dev.stowage.domain.error.StorageException        when writing fails; the partial file is deleted
     */
    Map<String, Long> write(Path file, MetadataExport source);
}
