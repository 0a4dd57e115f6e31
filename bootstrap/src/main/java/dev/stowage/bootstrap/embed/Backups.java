package dev.stowage.bootstrap.embed;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.application.port.in.backup.RotationResult;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.Verification;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The backups of an embedded Stowage, kept at the target {@code stowage.backups.target} names (by
 * default the folder {@code <data-dir>/backups}). A backup is taken while writers keep working and
 * holds the database at one committed moment with every blob it refers to (see
 * {@link ManageBackupsUseCase}). An embedding application is trusted: unlike the HTTP routes and
 * the CLI, nothing here asks who is calling.
 *
 * <p>Each method does what the use case it names does, with the same errors.
 */
public final class Backups {
    /** {@link #verify(BackupId)} re-reads every blob. */
    private static final int EVERY_BLOB = 100;

    private final ManageBackupsUseCase backups;

    public Backups(ManageBackupsUseCase backups) {
        this.backups = Objects.requireNonNull(backups, "backups");
    }

    /**
     * Takes a backup; it is recorded complete once its manifest is durable.
     *
     * @param label 1-200 printable characters, such as {@code manual} or {@code before upgrade}
     * @throws dev.stowage.domain.error.InvalidInputException when the label breaks that rule
     * @see ManageBackupsUseCase#create
     */
    public Backup create(String label) {
        return backups.create(label);
    }

    /** Every backup, newest first. See {@link ManageBackupsUseCase#list}. */
    public List<Backup> list() {
        return backups.list();
    }

    /** @throws dev.stowage.domain.error.NotFoundException when there is none */
    public Backup get(BackupId id) {
        return backups.get(id);
    }

    /**
     * Re-reads the whole backup and checks every digest and the snapshot's integrity; records and
     * returns the outcome.
     */
    public Verification verify(BackupId id) {
        return verify(id, EVERY_BLOB);
    }

    /** Checks the backup, re-reading {@code samplePercent} of its blobs. See {@link ManageBackupsUseCase#verify}. */
    public Verification verify(BackupId id, int samplePercent) {
        return backups.verify(id, samplePercent);
    }

    /** Deletes the backups {@code policy} does not keep, then unneeded objects. See {@link ManageBackupsUseCase#rotate}. */
    public RotationResult rotate(RotationPolicy policy, boolean dryRun) {
        return backups.rotate(policy, dryRun);
    }

    /** Deletes one backup's manifest and record. See {@link ManageBackupsUseCase#delete}. */
    public boolean delete(BackupId id) {
        return backups.delete(id);
    }

    /** Writes the backup as one tar archive; does not close {@code out}. See {@link ManageBackupsUseCase#export}. */
    public void export(BackupId id, OutputStream out) {
        backups.export(id, out);
    }

    /** Takes an exported archive back as a backup, checking it as it streams. See {@link ManageBackupsUseCase#importArchive}. */
    public Backup importArchive(InputStream archive) {
        return backups.importArchive(archive);
    }

    /**
     * Restores a backup into a new data folder (absent or empty). Restoring into this instance's own
     * data folder is refused while it runs. See {@link ManageBackupsUseCase#restore}.
     */
    public RestoreResult restore(BackupId id, Path dataDir) {
        return backups.restore(id, dataDir);
    }

    /**
     * Restores a backup in place of the live database: only on an instance not started, and only on
     * SQLite; on PostgreSQL it is refused with the way that works named. See
     * {@link ManageBackupsUseCase#restoreInPlace}.
     */
    public RestoreResult restoreInPlace(BackupId id) {
        return backups.restoreInPlace(id);
    }
}
