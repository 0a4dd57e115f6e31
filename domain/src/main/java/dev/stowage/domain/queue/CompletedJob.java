package dev.stowage.domain.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a batch completion reports of a job it completed: enough to count and time it, without the
 * payload and result, which a batch of large jobs would otherwise read back for nothing.
 *
 * @param attempts   the attempts used, this one included
 * @param startedAt  when this attempt's claim started it
 * @param finishedAt when it was recorded complete
 */
public record CompletedJob(JobId id, QueueName queue, JobType type, int attempts, Instant startedAt,
                           Instant finishedAt) {
    public CompletedJob {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        if (attempts < 1) {
            throw new IllegalArgumentException("a completed job has used at least one attempt, got " + attempts);
        }
    }

    /** The summary of a job in state {@code COMPLETED}. */
    public static CompletedJob of(Job job) {
        if (job.state() != JobState.COMPLETED) {
            throw new IllegalArgumentException("job " + job.id() + " is " + job.state() + ", not COMPLETED");
        }
        return new CompletedJob(job.id(), job.queue(), job.type(), job.attempts(), job.startedAt().orElseThrow(),
                job.finishedAt().orElseThrow());
    }

    /** This attempt's run time, from its start to its completion. */
    public Duration runTime() {
        Duration d = Duration.between(startedAt, finishedAt);
        return d.isNegative() ? Duration.ZERO : d;
    }
}
