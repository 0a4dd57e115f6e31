package dev.stowage.application.port.in.backup;

import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.Verification;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Use case: take, keep, check, move and restore backups. Administrators only (adapters check).
 *
 * <p>Operations that change the target (create, import, delete, rotate) run one at a time in a
 * process; across processes the target's locks keep a prune from deleting an object a backup is
 * counting on. Every unknown id is a {@link dev.stowage.domain.error.NotFoundException}.
 */
public interface ManageBackupsUseCase {

    /**
     * Takes a backup while writers keep working: a snapshot of the database at one committed moment,
     * every blob that snapshot's rows refer to, and a manifest, written last. Objects the target
     * already holds are not written again. The backup is recorded COMPLETE only once its manifest
     * is durable; when anything fails it is recorded FAILED and no manifest exists.
     *
     * @param label 1-200 printable characters ({@code manual}, {@code scheduled}, {@code before upgrade})
     * @throws dev.stowage.domain.error.StorageCorruptException when the snapshot fails
     *         {@code integrity_check} (nothing is kept at the target)
     */
    Backup create(String label);

    /** Every backup in the catalog, newest first, after bringing the catalog up to date with the target. */
    List<Backup> list();

    /** @throws dev.stowage.domain.error.NotFoundException when there is none */
    Backup get(BackupId id);

    /**
     * The size in bytes of the archive {@link #export} writes, known before it is written (for a
     * Content-Length).
     */
    long exportSize(BackupId id);

    /**
     * Writes one backup as a self-contained tar archive (POSIX ustar): {@code manifest.json} first,
     * then {@code snapshot.db}, then each distinct blob as {@code objects/<sha256>}, assembled on the
     * fly from the target (nothing staged). Does not close {@code out}. A failure part-way leaves a
     * truncated archive, which {@link #importArchive} refuses.
     */
    void export(BackupId id, OutputStream out);

    /**
     * Deletes a backup: its manifest, then its record. Its objects stay until a rotation finds that
     * no remaining backup needs them. Unlike a rotation it may delete the newest verified backup:
     * it is the operator's explicit choice.
     *
     * @return true if there was such a backup
     */
    boolean delete(BackupId id);

    /**
     * Re-reads the backup and checks every digest against its manifest, and the snapshot's
     * {@code integrity_check}; records the outcome on the backup and logs a failure at ERROR.
     *
     * @param samplePercent 100 re-reads every blob; less re-reads that share of them, chosen at
     *                      random (the manifest and the snapshot are always read whole)
     * @throws dev.stowage.domain.error.InvalidInputException when {@code samplePercent} is not 1-100
     */
    Verification verify(BackupId id, int samplePercent);

    /**
     * Deletes the complete backups {@code policy} does not keep (never the newest one whose verify
     * passed) and the failed ones, then the objects no remaining backup needs, unless a backup is
     * being written at the target meanwhile (then objects are left for the next rotation).
     *
     * @param dryRun report what would be deleted and delete nothing
     */
    RotationResult rotate(RotationPolicy policy, boolean dryRun);

    /**
     * Takes an archive written by {@link #export} (plain or gzip-compressed) back as a backup,
     * validating it as it streams: a known format version; the manifest first; no entry whose path is
     * absolute, climbs out or is not one the format defines; no link or special entry; no entry larger
     * than its manifest size or the configured limits, and no more in total; every object's digest
     * checked before the backup is recorded. A backup of the same id already present is refused.
     * On refusal nothing is recorded and objects this call wrote are removed.
     *
     * @throws dev.stowage.domain.error.InvalidInputException      the archive is not a valid backup
     * @throws dev.stowage.domain.error.ChecksumMismatchException  an entry's bytes are not the manifest's
     * @throws dev.stowage.domain.error.TooLargeException          an entry or the whole is over the limits
     * @throws dev.stowage.domain.error.AlreadyExistsException     that backup is already at the target
     */
    Backup importArchive(InputStream archive);

    /**
     * Restores a backup into the data folder {@code dataDir}: a new (absent or empty) folder, or the
     * current one in place. Before touching anything it reads the whole backup and checks every
     * digest, the format and the schema; it builds the result beside {@code dataDir}, migrates an
     * older schema forward, requires {@code integrity_check} and {@code foreign_key_check} to pass,
     * and only then switches it in with renames, keeping the previous state until the switch is done.
     *
     * @throws dev.stowage.domain.error.ConflictException when a running service holds {@code dataDir}
     * @throws dev.stowage.domain.error.InvalidInputException when {@code dataDir} is neither empty nor a data folder
     * @see #restoreInPlace for the live database's own data folder, whatever the database engine
     */
    RestoreResult restore(BackupId id, Path dataDir);

    /**
     * Restores a backup in place of the live database, as {@link #restore} does into its data folder
     * (the folder of the live database file, with the blob folder beside it). Refused before anything
     * is read or written when the live database is not such a file but on a server (PostgreSQL): a
     * restored folder switched in there would leave the database as it was and report success. There,
     * restore into a new folder with {@link #restore}, then copy that folder's database into the
     * server with the command the refusal names.
     *
     * @throws dev.stowage.domain.error.InPlaceRestoreRefusedException when the live database is on a
     *         server; its message names the way that works
     * @throws dev.stowage.domain.error.InvalidInputException when the live database file is not named
     *         as in a data folder's layout, so a restored folder cannot replace it
     * @throws dev.stowage.domain.error.ConflictException when a running service holds the data folder
     */
    RestoreResult restoreInPlace(BackupId id);
}
