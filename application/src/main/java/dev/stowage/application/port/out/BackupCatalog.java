package dev.stowage.application.port.out;

import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import java.util.List;
import java.util.Optional;

/**
 * The record of backups taken, with their status and last verification, kept beside the rest of
 * the metadata. The backups themselves are at a {@link BackupTarget}, whose manifests are the truth
 * on what exists: a restore of an older snapshot brings back an older catalog, which the backup
 * service brings up to date from the target's manifests.
 */
public interface BackupCatalog {

    /** Adds a backup's record, or replaces the record of the same id. Idempotent. */
    void save(Backup backup);

    /** The record, or empty when there is none. */
    Optional<Backup> find(BackupId id);

    /** Every backup, newest first (by creation time, then id). */
    List<Backup> list();

    /** @return true if deleted, false if there was none. Idempotent. */
    boolean delete(BackupId id);
}
