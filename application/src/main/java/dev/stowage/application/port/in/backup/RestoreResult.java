package dev.stowage.application.port.in.backup;

import dev.stowage.domain.backup.BackupId;
import java.nio.file.Path;
import java.util.List;

/**
 * A finished restore.
 *
 * @param migrations migrations applied to bring the snapshot's schema up to this build's
 * @param blobs      blobs written to the data folder's blob store
 */
public record RestoreResult(BackupId id, Path dataDir, String schemaVersion, List<String> migrations, long blobs) {
    public RestoreResult {
        migrations = List.copyOf(migrations);
    }
}
