package dev.stowage.adapter.out.fs;

import com.google.inject.AbstractModule;
import dev.stowage.application.port.out.DataFolders;
import java.time.Clock;

/**
 * Binds {@link DataFolders} (blob folders for a restore, and the data folder's lock), which stay on
 * the local disk whichever backup target is chosen. {@link FsBackupModule} installs it; install it
 * beside any other target's module.
 */
public final class FsDataFoldersModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(DataFolders.class).toInstance(new FsDataFolders(Clock.systemUTC()));
    }
}
