package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.JsonText;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Named, reusable job settings. Enqueueing from a template takes its settings; the enqueue's own
 * values override them, and payload objects are merged key by key (the enqueue's keys win).
 *
 * @param payload     the default payload: a JSON object
 * @param maxAttempts empty: the queue's default
 */
public record JobTemplate(TemplateName name, String description, QueueName queue, JobType type, JsonText payload,
                          int priority, Optional<Integer> maxAttempts, Optional<Duration> estimatedDuration,
                          Optional<String> createdBy, Instant createdAt, Instant updatedAt) {
    public JobTemplate {
        Objects.requireNonNull(name, "name");
        Checks.present(description, "description");
        if (description.length() > 2000) {
            throw new dev.stowage.domain.error.InvalidInputException("template description must be at most 2000 characters");
        }
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(payload, "payload");
        if (!payload.isObject()) {
            throw new dev.stowage.domain.error.InvalidInputException("template payload must be a JSON object");
        }
        Checks.range(priority, -NewJob.MAX_PRIORITY, NewJob.MAX_PRIORITY, "priority");
        Objects.requireNonNull(maxAttempts, "maxAttempts").ifPresent(m -> Checks.range(m, 1, QueueSettings.MAX_ATTEMPTS_LIMIT, "max attempts"));
        // The bound every job has: a template must not hold what no job made from it may.
        Objects.requireNonNull(estimatedDuration, "estimatedDuration").ifPresent(d ->
                Checks.range(d, Duration.ZERO, NewJob.MAX_ESTIMATED_DURATION, "estimated duration"));
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
