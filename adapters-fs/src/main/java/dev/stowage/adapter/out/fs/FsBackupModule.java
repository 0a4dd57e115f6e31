package dev.stowage.adapter.out.fs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.Managed;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Backups on the local disk: binds {@link BackupTarget} to a folder (content-addressed objects,
 * manifests written last, locks; see the target's layout in {@code docs/backups.md}) and
 * {@link DataFolders} (blob folders for a restore, and the data folder's lock); contributes a
 * {@link Managed} part that creates the backup folder at start-up.
 */
public final class FsBackupModule extends AbstractModule {
    private final Path backupRoot;

    /** @param backupRoot the backup folder ({@code stowage.backups.dir}) */
    public FsBackupModule(Path backupRoot) {
        this.backupRoot = Objects.requireNonNull(backupRoot, "backupRoot").toAbsolutePath().normalize();
    }

    @Override
    protected void configure() {
        bind(BackupTarget.class).toInstance(new FsBackupTarget(backupRoot, Clock.systemUTC()));
        install(new FsDataFoldersModule());
        Multibinder.newSetBinder(binder(), Managed.class).addBinding()
                .toInstance(new FsFolders("backup target", backupRoot));
    }
}
