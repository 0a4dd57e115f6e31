package dev.stowage.domain.queue;

import dev.stowage.domain.common.JsonText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A unit of work and everything known about it.
 *
 * @param attempts          claims so far (an attempt starts at claim)
 * @param runAt             not handed out before this time (delayed jobs, retry backoff)
 * @param lease             present while RUNNING
 * @param cancelRequested   set when a running job is cancelled; its worker sees it on heartbeat
 * @param result            what a completed job produced (files generated, warnings, ...)
 * @param lastError         the latest failure's message
 * @param dedupKey          enqueue is idempotent on this key among the queue's unfinished jobs
 * @param externalRef       an id from another system (legacy imports); unique when present
 */
public record Job(JobId id, QueueName queue, JobType type, JsonText payload, int priority, JobState state,
                  int attempts, int maxAttempts, Instant runAt, Optional<Lease> lease, Progress progress,
                  boolean cancelRequested, Optional<JsonText> result, Optional<String> lastError,
                  Instant createdAt, Optional<Instant> startedAt, Optional<Instant> finishedAt,
                  Optional<Duration> estimatedDuration, Optional<String> dedupKey, Optional<String> externalRef) {
    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(runAt, "runAt");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(progress, "progress");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(lastError, "lastError");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(estimatedDuration, "estimatedDuration");
        Objects.requireNonNull(dedupKey, "dedupKey");
        Objects.requireNonNull(externalRef, "externalRef");
    }

    /** Time from start to finish of the last attempt, when both are known. */
    public Optional<Duration> actualDuration() {
        if (startedAt.isPresent() && finishedAt.isPresent()) {
            return Optional.of(Duration.between(startedAt.get(), finishedAt.get()));
        }
        return Optional.empty();
    }

    public boolean attemptsLeft() {
        return attempts < maxAttempts;
    }
}
