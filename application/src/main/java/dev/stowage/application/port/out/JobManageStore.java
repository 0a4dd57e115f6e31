package dev.stowage.application.port.out;

import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.ThroughputBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What an operator does to jobs one at a time or by filter: look them up, list them, count them,
 * cancel or retry one, and delete old finished ones. Every method is atomic on its own and joins the
 * caller's {@link Transactions} boundary when there is one.
 */
public interface JobManageStore {

    /** The job, or empty when it does not exist. */
    Optional<Job> find(JobId job);

    /**
     * Jobs matching a filter, newest first, a page at a time. Walking every page in turn
     * sees each matching job once: no gaps, no duplicates; only the last page has no next cursor.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the page's cursor is not one this
     *     store issued
     */
    Page<Job> list(JobFilter filter, PageRequest page);

    /**
     * Figures for one queue (or all when empty): counts by state as they stand, and over
     * {@code [from, to)} the jobs finished, completed, their throughput, mean and p95 run time and
     * success rate. An empty window has no durations and no rate.
     */
    JobStats stats(Optional<QueueName> queue, Instant from, Instant to);

    /**
     * Cancels a job: {@code PENDING} becomes {@code CANCELLED} at once; {@code RUNNING} gets cancel
     * requested (its worker sees it on its next heartbeat); {@code CANCELLED} is returned unchanged.
     *
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.ConflictException when it is {@code COMPLETED} or {@code FAILED}
     */
    Job cancel(JobId job, Instant now);

    /**
     * Puts a {@code FAILED} or {@code CANCELLED} job back to {@code PENDING}, due {@code now}, with
     * attempts reset to 0 and cancel cleared; its last error is kept for the record.
     *
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.ConflictException when it is {@code PENDING}, {@code RUNNING} or {@code COMPLETED}
     */
    Job retry(JobId job, Instant now);

    /**
     * Deletes up to {@code batchSize} terminal jobs that finished before {@code cutoff}, oldest first.
     * Callers loop until it returns less than {@code batchSize}, so writers are never stalled long.
     * Pending and running jobs are never deleted.
     *
     * @return how many were deleted
     */
    int deleteFinishedBefore(Instant cutoff, int batchSize);

    /** How many jobs match {@code filter} now (the count a listing of every page would show). */
    long count(JobFilter filter);

    /**
     * Jobs per queue and state as they stand: every queue that has a job, and under it only the
     * states it has jobs in (a state missing means none). Queues without jobs are left out.
     */
    Map<QueueName, Map<JobState, Long>> countsByQueue();

    /**
     * The completed and failed jobs of {@code queue} by the step their {@code finishedAt} falls in:
     * one bucket for each {@code step} from {@code from} up to {@code to}, in order, empty ones
     * included ({@code [from + i*step, from + (i+1)*step)}; the last bucket ends at {@code to} or
     * beyond). Cancelled jobs count in neither.
     *
     * @throws IllegalArgumentException when {@code step} is not positive or {@code to} is not after {@code from}
     */
    List<ThroughputBucket> finishedPerStep(QueueName queue, Instant from, Instant to, Duration step);

    /**
     * Retries, in one transaction, each listed job that {@link #retry} would accept ({@code FAILED}
     * or {@code CANCELLED}) exactly as {@link #retry} does; the others (any other state, or no longer
     * there) are left alone and not reported. An id listed twice counts once.
     *
     * @return the jobs retried, as they are now
     */
    List<Job> retryAll(List<JobId> jobs, Instant now);

    /**
     * Cancels, in one transaction, each listed job that {@link #cancel} would change: a
     * {@code PENDING} job becomes {@code CANCELLED}, a {@code RUNNING} one gets cancel requested
     * (unless it already has). Cancelled, completed and failed jobs, and jobs no longer there, are
     * left alone and not reported. An id listed twice counts once.
     *
     * @return the jobs changed, as they are now
     */
    List<Job> cancelAll(List<JobId> jobs, Instant now);

    /**
     * Deletes, in one transaction, each listed job that has finished ({@code COMPLETED},
     * {@code FAILED} or {@code CANCELLED}); pending and running jobs are never deleted, and are left
     * alone and not reported with jobs no longer there. An id listed twice counts once.
     *
     * @return the jobs deleted, as they were
     */
    List<Job> deleteAll(List<JobId> jobs);
}
