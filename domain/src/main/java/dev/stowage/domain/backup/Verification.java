package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * The outcome of re-reading a backup and checking its digests.
 *
 * @param samplePercent how much of the blobs was re-read: 100 for a full verify, less for a
 *                      {@code --sample}; the manifest and the snapshot are always read whole
 * @param detail        {@code ok}, or what failed (the first problems found)
 */
public record Verification(Instant at, boolean ok, int samplePercent, String detail) {
    public Verification {
        Objects.requireNonNull(at, "at");
        Checks.range(samplePercent, 1, 100, "verify sample percent");
        Objects.requireNonNull(detail, "detail");
    }

    public boolean full() {
        return samplePercent == 100;
    }
}
