package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.Managed;
import java.nio.file.Path;

/**
 * Holds the data folder's lock while the service runs (phase -100: taken before the database opens,
 * released after it closes), so that a restore in place and {@code db copy} are refused while
 * {@code serve} uses the folder. CLI data commands do not take it: they may run beside the service.
 */
final class DataFolderLockModule extends AbstractModule {
    private final Path dataDir;

    DataFolderLockModule(Path dataDir) {
        this.dataDir = dataDir;
    }

    @ProvidesIntoSet
    Managed dataFolderLock(DataFolders folders) {
        return new Managed() {
            private DataFolders.Held held;

            @Override
            public int phase() {
                return -100;
            }

            @Override
            public String name() {
                return "data folder lock";
            }

            @Override
            public synchronized void start() {
                held = folders.lock(dataDir);
            }

            @Override
            public synchronized void stop() {
                if (held != null) {
                    held.close();
                    held = null;
                }
            }
        };
    }
}
