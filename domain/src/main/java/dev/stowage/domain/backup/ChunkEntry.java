package dev.stowage.domain.backup;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * One fixed-size piece of a chunked database snapshot. Its place in the snapshot is its position
 * in {@link SnapshotEntry#chunks()}: chunk {@code i} holds the bytes from {@code i * chunkSize}.
 *
 * <p>In format 2 a chunk is an object of its own, named by its SHA-256 ({@code pack} is -1). In
 * format 3 it is {@code size} bytes at {@code offset} in the pack object {@code pack} (an index into
 * {@link SnapshotEntry#packs()}), so a backup writes one object per pack of new chunks, not one per
 * chunk.
 *
 * @param pack   the index of the pack holding it (format 3), or -1 for a chunk kept as an object
 * @param offset where in that pack its bytes begin (0 for a chunk kept as an object)
 */
public record ChunkEntry(long size, Sha256 sha256, int pack, long offset) {
    public ChunkEntry {
        if (size < 1) {
            throw new InvalidInputException("a snapshot chunk must hold at least one byte");
        }
        Objects.requireNonNull(sha256, "sha256");
        if (pack < -1 || offset < 0 || (pack == -1 && offset != 0)) {
            throw new InvalidInputException("a snapshot chunk's place in its pack must not be negative");
        }
    }

    /** A chunk kept as an object of its own (format 2). */
    public ChunkEntry(long size, Sha256 sha256) {
        this(size, sha256, -1, 0);
    }

    /** Whether it lies in a pack (format 3). */
    public boolean packed() {
        return pack >= 0;
    }
}
