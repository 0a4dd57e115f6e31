package dev.stowage.domain.blob;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One reference to a blob, as a consistency check needs it: who refers to the blob, and what that
 * referrer recorded of it (size and digest, when it keeps them).
 *
 * @param referrer who refers to the blob, in words for a report: {@code document 01J...},
 *                 {@code program 01J... revision 3 thumbnail}
 * @param size     the size the referrer recorded, or empty when it keeps none
 * @param sha256   the digest the referrer recorded, or empty when it keeps none
 */
public record BlobReference(String referrer, BlobKey blob, OptionalLong size, Optional<Sha256> sha256) {
    public BlobReference {
        Checks.present(referrer, "referrer");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(size, "size");
        if (size.isPresent() && size.getAsLong() < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        Objects.requireNonNull(sha256, "sha256");
    }
}
