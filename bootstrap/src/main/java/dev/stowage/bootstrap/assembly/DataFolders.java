package dev.stowage.bootstrap.assembly;

import dev.stowage.application.service.backup.DataFolderSwitch;
import dev.stowage.bootstrap.config.StowageConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates the configured folders (data, tmp, the database's folder) before anything is assembled,
 * so that a fresh machine needs no preparation and no store has to guess. Existing folders are
 * left as they are, except that a restore interrupted mid-switch is finished first.
 */
final class DataFolders {

    private DataFolders() {
    }

    static void create(StowageConfig config) {
        var folders = new ArrayList<Path>(List.of(config.dataDir(), config.tmpDir()));
        Path dbFolder = config.database().databaseFile().getParent();
        if (dbFolder != null) {
            folders.add(dbFolder);
        }
        for (Path folder : folders) {
            try {
                Files.createDirectories(folder);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the folder " + folder + ": " + e, e);
            }
        }
        // a restore that a crash interrupted after its checks is finished before anything opens the folder
        DataFolderSwitch.recover(config.dataDir());
    }
}
