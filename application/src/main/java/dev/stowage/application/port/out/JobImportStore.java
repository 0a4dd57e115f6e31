package dev.stowage.application.port.out;

import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.Job;
import java.util.List;
import java.util.Optional;

/**
 * Where jobs carried over from another system enter the queue, as they stand. Atomic per call; joins
 * the caller's {@link Transactions} boundary when there is one. That an imported job has an external
 * ref and is not {@code RUNNING} is {@link ImportedJob}'s to check, before a store sees it.
 */
public interface JobImportStore {

    /**
     * Stores imported jobs as they are (state, attempts, times; never a lease), all or none.
     * Idempotent by external ref: a job whose external ref is already stored (by an import or an
     * enqueue) is returned with {@code created = false} and left unchanged; within one call, a later
     * job with the ref of an earlier one resolves to the earlier one.
     *
     * @return one entry per input, in input order; empty for an empty input
     */
    List<Inserted> insertImported(List<ImportedJob> jobs);

    /** The job carrying this external ref, whatever its state or queue, or empty. */
    Optional<Job> findByExternalRef(String externalRef);
}
