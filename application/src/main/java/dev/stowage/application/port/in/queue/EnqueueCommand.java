package dev.stowage.application.port.in.queue;

import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Asks for one job. Empty optionals take the queue's (or the template's) defaults.
 *
 * @param runAt    not before this time (a delayed job); empty: now. Kept to the microsecond, as the queue's
 *                 tables keep it: a finer part is dropped toward the past here, so the job an enqueue
 *                 returns equals every later read of it
 * @param dedupKey makes the enqueue idempotent among the queue's unfinished jobs
 */
public record EnqueueCommand(QueueName queue, JobType type, JsonText payload, Optional<Integer> priority,
                             Optional<Integer> maxAttempts, Optional<Instant> runAt, Optional<String> dedupKey,
                             Optional<Duration> estimatedDuration) {
    public EnqueueCommand {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(maxAttempts, "maxAttempts");
        runAt = Objects.requireNonNull(runAt, "runAt").map(EpochTime::truncateToMicros);
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(estimatedDuration, "estimatedDuration");
    }

    /** A job with every default. */
    public static EnqueueCommand of(QueueName queue, JobType type, JsonText payload) {
        return new EnqueueCommand(queue, type, payload, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    public EnqueueCommand withPriority(int p) {
        return new EnqueueCommand(queue, type, payload, Optional.of(p), maxAttempts, runAt, dedupKey, estimatedDuration);
    }

    public EnqueueCommand withMaxAttempts(int m) {
        return new EnqueueCommand(queue, type, payload, priority, Optional.of(m), runAt, dedupKey, estimatedDuration);
    }

    public EnqueueCommand withRunAt(Instant at) {
        return new EnqueueCommand(queue, type, payload, priority, maxAttempts, Optional.of(at), dedupKey, estimatedDuration);
    }

    public EnqueueCommand withDedupKey(String key) {
        return new EnqueueCommand(queue, type, payload, priority, maxAttempts, runAt, Optional.of(key), estimatedDuration);
    }
}
