package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A job ready to be stored: every default already applied, id already made.
 *
 * @param priority higher runs first among jobs that are due; -1000 to 1000
 */
public record NewJob(JobId id, QueueName queue, JobType type, JsonText payload, int priority, int maxAttempts,
                     Instant runAt, Optional<Duration> estimatedDuration, Optional<String> dedupKey,
                     Optional<String> externalRef, Instant createdAt) {
    public static final int MAX_PRIORITY = 1000;
    public static final int MAX_KEY_LENGTH = 256;
    /** Run-at times from the year 1 to the year 9999: every store can hold them exactly. */
    public static final Instant EARLIEST_RUN_AT = Instant.parse("0001-01-01T00:00:00Z");
    public static final Instant LATEST_RUN_AT = Instant.parse("9999-12-31T23:59:59Z");
    public static final Duration MAX_ESTIMATED_DURATION = Duration.ofDays(3650);

    public NewJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Checks.range(priority, -MAX_PRIORITY, MAX_PRIORITY, "priority");
        Checks.range(maxAttempts, 1, QueueSettings.MAX_ATTEMPTS_LIMIT, "max attempts");
        Objects.requireNonNull(runAt, "runAt");
        if (runAt.isBefore(EARLIEST_RUN_AT) || runAt.isAfter(LATEST_RUN_AT)) {
            throw new InvalidInputException("run-at must be between the years 1 and 9999, got " + runAt);
        }
        Objects.requireNonNull(estimatedDuration, "estimatedDuration");
        estimatedDuration.ifPresent(d -> {
            if (d.isNegative() || d.compareTo(MAX_ESTIMATED_DURATION) > 0) {
                throw new InvalidInputException("estimated duration must be between 0 and 3650 days, got " + d);
            }
        });
        Objects.requireNonNull(dedupKey, "dedupKey").ifPresent(k -> Checks.text(k, "dedup key", MAX_KEY_LENGTH));
        Objects.requireNonNull(externalRef, "externalRef").ifPresent(k -> Checks.text(k, "external ref", MAX_KEY_LENGTH));
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** The job as it stands right after enqueue. */
    public Job toPendingJob() {
        return new Job(id, queue, type, payload, priority, JobState.PENDING, 0, maxAttempts, runAt, Optional.empty(),
                Progress.NONE, false, Optional.empty(), Optional.empty(), createdAt, Optional.empty(), Optional.empty(),
                estimatedDuration, dedupKey, externalRef);
    }
}
