package dev.stowage.domain.queue;

import dev.stowage.domain.common.JsonText;
import java.util.Objects;
import java.util.Optional;

/** A lease holder's report that a job finished well: the job, the lease it holds, what it produced. */
public record Completion(JobId job, LeaseId lease, Optional<JsonText> result) {
    public Completion {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(result, "result");
    }
}
