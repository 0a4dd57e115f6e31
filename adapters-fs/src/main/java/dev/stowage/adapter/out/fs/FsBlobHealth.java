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

    /**
     * Health may be served without a token, so the report names no path: an operator finds the
     * folder in the configuration, an outsider learns nothing of the layout.
     */
    @Override
    public ComponentHealth check() {
        try {
            if (!Files.isDirectory(root)) {
                return ComponentHealth.down("the blob folder does not exist");
            }
            if (!Files.isWritable(root)) {
                return ComponentHealth.down("the blob folder is not writable");
            }
            long usable = Files.getFileStore(root).getUsableSpace();
            return ComponentHealth.up(Map.of("backend", "fs", "usableBytes", Long.toString(usable)));
        } catch (IOException | RuntimeException e) {
            return ComponentHealth.down("the blob folder cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }
}
