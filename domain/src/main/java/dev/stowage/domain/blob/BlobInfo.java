package dev.stowage.domain.blob;

import dev.stowage.domain.common.Sha256;
import java.time.Instant;
import java.util.Objects;

/**
 * What a blob store knows of one stored blob.
 *
 * @param storedAt when the blob was written (used by sweepers to spare fresh blobs)
 */
public record BlobInfo(BlobKey key, long size, Sha256 sha256, Instant storedAt) {
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(storedAt, "storedAt");
    }
}
