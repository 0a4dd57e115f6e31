package dev.stowage.application.service.document;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits of the document store.
 *
 * @param maxDocumentBytes  the largest document accepted
 * @param quotaBytesPerOwner the most one owner may store in all; empty: no quota
 * @param uploadExpiry      how long an unfinished resumable upload is kept after its creation
 * @param orphanGrace       blobs younger than this are never treated as orphans (an upload may be
 *                          between writing its bytes and committing its metadata)
 */
public record DocumentSettings(long maxDocumentBytes, Optional<Long> quotaBytesPerOwner, Duration uploadExpiry,
                               Duration orphanGrace) {
    public DocumentSettings {
        if (maxDocumentBytes < 0) {
            throw new IllegalArgumentException("maxDocumentBytes < 0");
        }
        Objects.requireNonNull(quotaBytesPerOwner, "quotaBytesPerOwner").ifPresent(q -> {
            if (q < 0) {
                throw new IllegalArgumentException("quota < 0");
            }
        });
        Objects.requireNonNull(uploadExpiry, "uploadExpiry");
        Objects.requireNonNull(orphanGrace, "orphanGrace");
    }

    /** 5 GiB per document, no quota, uploads kept a day, one hour of grace for fresh blobs. */
    public static DocumentSettings defaults() {
        return new DocumentSettings(5L << 30, Optional.empty(), Duration.ofDays(1), Duration.ofHours(1));
    }
}
