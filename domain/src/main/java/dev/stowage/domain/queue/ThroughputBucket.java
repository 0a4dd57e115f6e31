package dev.stowage.domain.queue;

import java.time.Instant;
import java.util.Objects;

/**
 * Jobs of a queue that finished in one step of a history chart: {@code [start, start + step)}.
 *
 * @param completed jobs that finished {@code COMPLETED} in the step
 * @param failed    jobs that finished {@code FAILED} in the step (cancelled ones are in neither)
 */
public record ThroughputBucket(Instant start, long completed, long failed) {
    public ThroughputBucket {
        Objects.requireNonNull(start, "start");
        if (completed < 0 || failed < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }
}
