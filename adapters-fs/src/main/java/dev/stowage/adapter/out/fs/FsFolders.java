package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.Managed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Creates a folder at start-up and checks it is writable, so a bad path stops start-up clearly. */
final class FsFolders implements Managed {
    private final String name;
    private final Path folder;

    FsFolders(String name, Path folder) {
        this.name = name;
        this.folder = folder;
    }

    @Override
    public int phase() {
        return 0;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create folder " + folder + " for " + name, e);
        }
        if (!Files.isWritable(folder)) {
            throw new IllegalStateException("folder " + folder + " for " + name + " is not writable");
        }
    }

    @Override
    public void stop() {
        // nothing is held open between calls
    }
}
