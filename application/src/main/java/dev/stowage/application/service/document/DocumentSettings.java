package dev.stowage.application.service.document;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Limits of the document store, and how often its sweeper runs.
 *
 * @param maxDocumentBytes   the largest document accepted: {@link #MAX_DOCUMENT_BYTES}
 * @param quotaBytesPerOwner the most one owner may store in all; empty: no quota
 * @param uploadExpiry       how long an unfinished resumable upload is kept after its creation:
 *                           {@link #UPLOAD_EXPIRY}
 * @param orphanGrace        blobs younger than this are never treated as orphans (an upload may be
 *                           between writing its bytes and committing its metadata): {@link #ORPHAN_GRACE}
 * @param sweepInterval      how often the sweeper removes orphans and expired uploads: {@link #SWEEP_INTERVAL}
 */
public record DocumentSettings(long maxDocumentBytes, Optional<Long> quotaBytesPerOwner, Duration uploadExpiry,
                               Duration orphanGrace, Duration sweepInterval) {
    public static final Allowed.Size MAX_DOCUMENT_BYTES = Allowed.atLeast(0);
    public static final Allowed.Size QUOTA_BYTES_PER_OWNER = Allowed.atLeast(0);
    public static final Allowed.Span UPLOAD_EXPIRY = Allowed.span(Duration.ofMinutes(1), Duration.ofDays(365));
    /** At least 1s, which only suits a check run while nothing uploads (tests, an offline fsck). */
    public static final Allowed.Span ORPHAN_GRACE = Allowed.span(Duration.ofSeconds(1), Duration.ofDays(30));
    public static final Allowed.Span SWEEP_INTERVAL = Allowed.span(Duration.ofSeconds(10), Duration.ofDays(7));
    /** The sweeper's interval when not given: 15 minutes. */
    public static final Duration DEFAULT_SWEEP_INTERVAL = Duration.ofMinutes(15);

    public DocumentSettings {
        Objects.requireNonNull(quotaBytesPerOwner, "quotaBytesPerOwner");
        Objects.requireNonNull(uploadExpiry, "uploadExpiry");
        Objects.requireNonNull(orphanGrace, "orphanGrace");
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        SettingsCheck.of(DocumentSettings.class)
                .in("maxDocumentBytes", maxDocumentBytes, MAX_DOCUMENT_BYTES)
                .in("quotaBytesPerOwner", quotaBytesPerOwner.orElse(0L), QUOTA_BYTES_PER_OWNER)
                .in("uploadExpiry", uploadExpiry, UPLOAD_EXPIRY)
                .in("orphanGrace", orphanGrace, ORPHAN_GRACE)
                .in("sweepInterval", sweepInterval, SWEEP_INTERVAL)
                .done();
    }

    /** The limits as given, with the sweeper every {@linkplain #DEFAULT_SWEEP_INTERVAL 15 minutes}. */
    public DocumentSettings(long maxDocumentBytes, Optional<Long> quotaBytesPerOwner, Duration uploadExpiry,
                            Duration orphanGrace) {
        this(maxDocumentBytes, quotaBytesPerOwner, uploadExpiry, orphanGrace, DEFAULT_SWEEP_INTERVAL);
    }

    /** 5 GiB per document, no quota, uploads kept a day, one hour of grace for fresh blobs. */
    public static DocumentSettings defaults() {
        return new DocumentSettings(5L << 30, Optional.empty(), Duration.ofDays(1), Duration.ofHours(1));
    }
}
