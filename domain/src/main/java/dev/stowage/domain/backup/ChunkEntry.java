package dev.stowage.domain.backup;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * One fixed-size piece of a chunked database snapshot (manifest format 2), kept at the target as
 * an object named by its SHA-256. Its place in the snapshot is its position in
 * {@link SnapshotEntry#chunks()}: chunk {@code i} holds the bytes from {@code i * chunkSize}.
 */
public record ChunkEntry(long size, Sha256 sha256) {
    public ChunkEntry {
        if (size < 1) {
            throw new InvalidInputException("a snapshot chunk must hold at least one byte");
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
