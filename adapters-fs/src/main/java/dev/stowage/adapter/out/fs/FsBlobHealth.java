package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.HealthIndicator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** Reports the blob folder up when it exists and is writable, with the free space beside it. */
final class FsBlobHealth implements HealthIndicator {
    private final Path root;

    FsBlobHealth(Path root) {
        this.root = root;
    }

    @Override
    public String component() {
        return "blobs";
    }

    @Override
    public ComponentHealth check() {
        try {
            if (!Files.isDirectory(root)) {
                return ComponentHealth.down("blob folder " + root + " does not exist");
            }
            if (!Files.isWritable(root)) {
                return ComponentHealth.down("blob folder " + root + " is not writable");
            }
            long usable = Files.getFileStore(root).getUsableSpace();
            return ComponentHealth.up(Map.of("backend", "fs", "root", root.toString(), "usableBytes", Long.toString(usable)));
        } catch (IOException | RuntimeException e) {
            return ComponentHealth.down("blob folder " + root + ": " + e.getMessage());
        }
    }
}
