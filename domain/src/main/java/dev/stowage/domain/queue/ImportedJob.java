package dev.stowage.domain.queue;

import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * A job carried over from another system, ready to be stored as it stands. It must carry an external
 * ref (the import is idempotent by it) and must not be {@code RUNNING}: a lease is only ever made by
 * a claim, so a job that was running elsewhere is imported as {@code PENDING}.
 */
public record ImportedJob(Job job) {
    public ImportedJob {
        Objects.requireNonNull(job, "job");
        if (job.externalRef().isEmpty()) {
            throw new InvalidInputException("imported job '" + job.id() + "' has no external ref");
        }
        if (job.state() == JobState.RUNNING) {
            throw new InvalidInputException("imported job '" + job.id() + "' is RUNNING; import it as PENDING");
        }
    }

    /** The external ref the job is known by in the system it came from. */
    public String externalRef() {
        return job.externalRef().orElseThrow();
    }
}
