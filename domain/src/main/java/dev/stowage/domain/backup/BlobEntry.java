package dev.stowage.domain.backup;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * One blob a backup needs: the key it has in the blob store (where restore puts it back) and the
 * size and SHA-256 under which the backup target keeps it. Two keys with the same bytes share one
 * object at the target.
 */
public record BlobEntry(BlobKey key, long size, Sha256 sha256) {
    public BlobEntry {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new InvalidInputException("blob size must not be negative");
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
