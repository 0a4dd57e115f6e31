package dev.stowage.application.port.in.queue;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Use case: a worker (in-process or remote) takes jobs and reports on them. Delivery is at least
 * once; only the current lease holder's reports are recorded.
 */
public interface WorkJobsUseCase {
    /** The most jobs one claim may take; a larger {@code max} is refused as invalid input. */
    int MAX_CLAIM = 1000;

    /**
     * Claims up to {@code max} jobs, waiting up to {@code wait} for one to become available when
     * the queue has none due. Returns as soon as at least one is claimed.
     *
     * @param lease how long the claim lasts without heartbeat; empty: the queue's setting
     */
    List<Job> claim(QueueName queue, WorkerId worker, int max, Optional<Duration> lease, Duration wait)
            throws InterruptedException;

    /**
     * Extends the lease and records progress. The answer's {@code cancelRequested} asks the worker
     * to stop and {@link #fail} the job.
     *
     * @throws dev.stowage.domain.error.LeaseLostException when the lease is no longer current
     */
    Job heartbeat(JobId job, LeaseId lease, Optional<Progress> progress);

    /** @throws dev.stowage.domain.error.LeaseLostException when the lease is no longer current */
    Job complete(JobId job, LeaseId lease, Optional<JsonText> result);

    /**
     * Completes many jobs at once, each as {@link #complete} would: a completion whose lease is no
     * longer current is refused in its outcome ({@code LeaseLostException}, or {@code
     * NotFoundException} for a job that is gone) without affecting the others. A completed job is
     * reported by its {@link dev.stowage.domain.queue.CompletedJob} summary. This default reports
     * them one at a time; implementations record the batch in one step.
     *
     * @return one outcome per completion, in input order
     */
    default List<CompletionOutcome> completeAll(List<Completion> completions) {
        List<CompletionOutcome> outcomes = new ArrayList<>(completions.size());
        for (Completion c : completions) {
            try {
                outcomes.add(CompletionOutcome.completed(CompletedJob.of(complete(c.job(), c.lease(), c.result()))));
            } catch (LeaseLostException | NotFoundException e) {
                outcomes.add(CompletionOutcome.refused(c.job(), e));
            }
        }
        return outcomes;
    }

    /** @throws dev.stowage.domain.error.LeaseLostException when the lease is no longer current */
    Job fail(JobId job, LeaseId lease, String error);

    /**
     * Gives the job back without using up an attempt (the worker is shutting down).
     *
     * @throws dev.stowage.domain.error.LeaseLostException when the lease is no longer current
     */
    Job release(JobId job, LeaseId lease);
}
