package dev.stowage.domain.queue;

import dev.stowage.domain.error.StowageException;
import java.util.Objects;
import java.util.Optional;

/**
 * What became of one {@link Completion} of a batch: the job's summary once completed, or the error a
 * single completion would have thrown (the job is missing, or the lease is no longer current), in
 * which case nothing was recorded for it.
 */
public record CompletionOutcome(JobId job, Optional<CompletedJob> completed, Optional<StowageException> refused) {
    public CompletionOutcome {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(completed, "completed");
        Objects.requireNonNull(refused, "refused");
        if (completed.isPresent() == refused.isPresent()) {
            throw new IllegalArgumentException("an outcome is either completed or refused, for job " + job);
        }
    }

    public static CompletionOutcome completed(CompletedJob job) {
        return new CompletionOutcome(job.id(), Optional.of(job), Optional.empty());
    }

    public static CompletionOutcome refused(JobId job, StowageException why) {
        return new CompletionOutcome(job, Optional.empty(), Optional.of(why));
    }

    /** The completed job's summary, or the refusal thrown. */
    public CompletedJob orThrow() {
        if (refused.isPresent()) {
            throw refused.get();
        }
        return completed.orElseThrow();
    }
}
