package dev.stowage.application.port.in.backup;

import dev.stowage.domain.backup.Backup;
import java.util.List;

/**
 * What a rotation kept and deleted (or, in a dry run, would delete).
 *
 * @param objectsDeleted objects no kept backup needs that were (would be) deleted
 * @param bytesFreed     their bytes
 * @param objectsLeft    true when objects were left alone because a backup was being written
 */
public record RotationResult(boolean dryRun, List<Backup> kept, List<Backup> deleted, long objectsDeleted,
                             long bytesFreed, boolean objectsLeft) {
    public RotationResult {
        kept = List.copyOf(kept);
        deleted = List.copyOf(deleted);
    }
}
