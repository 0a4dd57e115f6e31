package dev.stowage.application.port.out;

import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import java.util.List;
import java.util.Optional;

/** The record of backups taken (the archives themselves are in a {@link BackupTarget}). */
public interface BackupCatalog {

    /** Adds or replaces a backup's record. Idempotent. */
    void save(Backup backup);

    Optional<Backup> find(BackupId id);

    /** Every backup, newest first. */
    List<Backup> list();

    /** @return true if deleted, false if there was none */
    boolean delete(BackupId id);
}
