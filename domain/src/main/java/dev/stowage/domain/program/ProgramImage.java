package dev.stowage.domain.program;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.MimeType;
import java.util.Objects;
import java.util.Optional;

/**
 * A program's master image, stored as a blob (never inline in the database).
 *
 * @param thumbnail a small preview blob, when one could be made
 */
public record ProgramImage(BlobKey blob, MimeType mimeType, long size, Sha256 sha256, int width, int height,
                           Optional<BlobKey> thumbnail) {
    public ProgramImage {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(sha256, "sha256");
        if (size < 0 || width < 0 || height < 0) {
            throw new IllegalArgumentException("size and dimensions must not be negative");
        }
        Objects.requireNonNull(thumbnail, "thumbnail");
    }
}
