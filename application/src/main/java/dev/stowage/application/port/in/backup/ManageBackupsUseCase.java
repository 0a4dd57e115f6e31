package dev.stowage.application.port.in.backup;

import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.Verification;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Use case: take, keep, check and restore backups. Administrators only (adapters check). */
public interface ManageBackupsUseCase {

    /**
     * Takes a consistent snapshot of the database while writers keep working, and writes it with
     * every blob it references and a manifest to the backup target, streaming. The backup is marked
     * complete only when all of it is durable.
     */
    Backup create(String label);

    List<Backup> list();

    /** @throws dev.stowage.domain.error.NotFoundException when there is none */
    Backup get(BackupId id);

    /** The archive's bytes. */
    InputStream download(BackupId id);

    /** Deletes the archive and its record. */
    void delete(BackupId id);

    /** Re-reads the whole archive and checks every entry against the manifest; records the outcome. */
    Verification verify(BackupId id);

    /**
     * Deletes backups the policy does not keep; never the newest verified one.
     *
     * @return the deleted backups
     */
    List<Backup> rotate(RotationPolicy policy);

    /**
     * Imports an uploaded archive as a backup after validating it: known format version, every
     * entry in the manifest with the right size and digest, no path that climbs out, no entry or
     * total larger than the limits.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the archive is not a valid backup
     */
    Backup importArchive(String label, InputStream archive);

    /**
     * Restores a backup into {@code dataDir} (a new folder, or the current one in place). Checks
     * the format version and every checksum before touching anything, keeps the current state until
     * the restore has succeeded, and migrates an older schema forward.
     */
    void restore(BackupId id, Path dataDir);
}
