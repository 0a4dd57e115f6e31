package dev.stowage.domain.queue;

import java.time.Instant;
import java.util.Objects;

/** Who holds a running job, under which claim, until when. */
public record Lease(LeaseId id, WorkerId worker, Instant expiresAt) {
    public Lease {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }

    public boolean expiredAt(Instant now) {
        return !expiresAt.isAfter(now);
    }
}
