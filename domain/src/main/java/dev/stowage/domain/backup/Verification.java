package dev.stowage.domain.backup;

import java.time.Instant;
import java.util.Objects;

/** The outcome of re-reading a backup and checking every checksum. */
public record Verification(Instant at, boolean ok, String detail) {
    public Verification {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(detail, "detail");
    }
}
