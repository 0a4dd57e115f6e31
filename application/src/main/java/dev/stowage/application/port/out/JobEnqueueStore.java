package dev.stowage.application.port.out;

import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.NewJob;
import java.util.List;

/**
 * Where new jobs enter the queue. Atomic per call; joins the caller's {@link Transactions} boundary
 * when there is one.
 */
public interface JobEnqueueStore {

    /** What storing one job did. {@code created} is false when an existing job was returned instead. */
    record Inserted(Job job, boolean created) {
    }

    /**
     * Stores new jobs, all or none, as {@code PENDING}. Idempotent per job: when a job's dedup key
     * matches an unfinished ({@code PENDING} or {@code RUNNING}) job of the same queue, or its
     * external ref matches any job, that job is returned with {@code created = false} and nothing is
     * stored for it. Within one call, a later duplicate of an earlier job resolves to the earlier one.
     *
     * @return one entry per input, in input order; empty for an empty input
     * @throws dev.stowage.domain.error.AlreadyExistsException when a job id is already taken; then
     *     nothing is stored
     */
    List<Inserted> insert(List<NewJob> jobs);
}
