package dev.stowage.application.port.out;

import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.common.JsonText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The durable home of jobs and queue settings. Every method is atomic on its own and joins the
 * caller's {@link Transactions} boundary when there is one.
 *
 * <p>Leases: every claim makes a fresh {@link LeaseId} for the jobs it hands out (one id may serve all
 * of them). A lease is <em>current</em> while the
 * job is {@code RUNNING} under that id; recovery or a release ends it. Only the current lease may
 * heartbeat, complete, fail or release a job; any other lease gets {@link
 * dev.stowage.domain.error.LeaseLostException} and nothing is recorded. So a job is handed to at
 * most one worker at a time and completes at most once.
 */
public interface JobStore {

    /** What enqueueing one job did. {@code created} is false when an existing job was returned instead. */
    record Inserted(Job job, boolean created) {
    }

    /**
     * Stores new jobs, all or none, as {@code PENDING}. Idempotent per job: when a job's dedup key
     * matches an unfinished ({@code PENDING} or {@code RUNNING}) job of the same queue, or its
     * external ref matches any job, that job is returned with {@code created = false} and nothing is
     * stored for it. Within one call, a later duplicate of an earlier job resolves to the earlier one.
     *
     * @return one entry per input, in input order
     * @throws dev.stowage.domain.error.AlreadyExistsException when a job id is already taken
     */
    List<Inserted> insert(List<NewJob> jobs);

    /**
     * Stores jobs carried over from another system as they are (any state but {@code RUNNING}, no
     * lease), all or none. Idempotent by external ref: a job whose external ref is already stored is
     * returned with {@code created = false} and left unchanged.
     *
     * @return one entry per input, in input order
     * @throws dev.stowage.domain.error.InvalidInputException when a job has no external ref or is RUNNING
     */
    List<Inserted> insertImported(List<Job> jobs);

    /** The job carrying this external ref, or empty. */
    Optional<Job> findByExternalRef(String externalRef);

    /**
     * Claims up to {@code max} due jobs of a queue for one worker: {@code PENDING} jobs whose run-at is
     * not after {@code now}, highest priority first, then oldest. Each becomes {@code RUNNING} with
     * attempts + 1, a fresh lease expiring at {@code now + leaseDuration} (the queue's setting unless
     * {@code leaseOverride} is given), started-at {@code now}. The lease id is new on every claim and
     * may be shared by the jobs of one claim: it proves that the holder got the job from the claim
     * that issued it, and no earlier lease of the job equals it. Hands out nothing from a paused queue,
     * and never more than the queue's max concurrency minus its running jobs.
     *
     * @return the claimed jobs, possibly none; never a job another claim holds
     */
    List<Job> claim(QueueName queue, WorkerId worker, int max, Instant now, Optional<java.time.Duration> leaseOverride);

    /**
     * Extends a current lease to {@code now + the lease duration it was claimed with} and records
     * progress when given. Returns the job as it now stands; its {@code cancelRequested} tells the
     * worker to stop.
     *
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.LeaseLostException when {@code lease} is not current
     */
    Job heartbeat(JobId job, LeaseId lease, Instant now, Optional<Progress> progress);

    /**
     * Marks a job {@code COMPLETED} with its result, progress 100 and finished-at {@code now}.
     * Not idempotent by design: a second call finds the lease ended and throws.
     *
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.LeaseLostException when {@code lease} is not current
     */
    Job complete(JobId job, LeaseId lease, Optional<JsonText> result, Instant now);

    /**
     * Completes many jobs in one atomic step, each as {@link #complete} would on its own, in input
     * order: a completion whose job is missing or whose lease is not current is refused with the
     * error {@code complete} would throw, records nothing, and does not stop the others. The same
     * job twice in one call: the second finds the lease ended by the first. A completed job is
     * reported by its {@link dev.stowage.domain.queue.CompletedJob} summary, so a batch never reads
     * back payloads and results.
     *
     * @return one outcome per completion, in input order
     * @throws dev.stowage.domain.error.StorageException when the store fails; then nothing is recorded
     */
    List<CompletionOutcome> completeAll(List<Completion> completions, Instant now);

    /**
     * Records a failed attempt. With cancel requested the job becomes {@code CANCELLED}; with attempts
     * left it goes back to {@code PENDING} with run-at {@code now +} the queue's backoff for its
     * attempt count; otherwise it becomes {@code FAILED}. The lease ends either way.
     *
     * @param jitterSample a uniform random number in [0, 1) for the backoff's jitter
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.LeaseLostException when {@code lease} is not current
     */
    Job fail(JobId job, LeaseId lease, String error, Instant now, double jitterSample);

    /**
     * Gives a job back without counting the attempt (graceful shutdown): {@code PENDING}, run-at
     * {@code now}, attempts - 1, lease ended. A job with cancel requested becomes {@code CANCELLED}.
     *
     * @throws dev.stowage.domain.error.NotFoundException when the job does not exist
     * @throws dev.stowage.domain.error.LeaseLostException when {@code lease} is not current
     */
    Job release(JobId job, LeaseId lease, Instant now);

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

    /** Counts of what {@link #recoverExpired} did. */
    record Recovery(int requeued, int failed, int cancelled) {
        public int total() {
            return requeued + failed + cancelled;
        }
    }

    /**
     * Ends every lease that expired at or before {@code now} (its worker died or stalled), at most
     * {@code limit} jobs per call: back to {@code PENDING} due {@code now} when attempts are left,
     * {@code CANCELLED} when cancel was requested, else {@code FAILED} with the error "lease expired".
     */
    Recovery recoverExpired(Instant now, int limit);

    /** The job, or empty when it does not exist. */
    Optional<Job> find(JobId job);

    /** Jobs matching a filter, newest first. */
    Page<Job> list(JobFilter filter, PageRequest page);

    /**
     * Figures for one queue (or all when empty) over {@code [from, to)}.
     */
    JobStats stats(Optional<QueueName> queue, Instant from, Instant to);

    /**
     * When a worker that found nothing due should look again: the earliest run-at among the queue's
     * pending jobs that were put off past their creation (scheduled for later, or backing off after a
     * failure). Jobs due when created are left out: they are claimable at once, or wait for a free
     * slot or a resume, which wake workers themselves.
     */
    Optional<Instant> nextDue(QueueName queue);

    /**
     * Deletes up to {@code batchSize} terminal jobs that finished before {@code cutoff}, oldest first.
     * Callers loop until it returns less than {@code batchSize}, so writers are never stalled long.
     *
     * @return how many were deleted
     */
    int deleteFinishedBefore(Instant cutoff, int batchSize);

    /** A queue's settings, or {@link QueueSettings#defaults} when none were saved. */
    QueueSettings settings(QueueName queue);

    /** Saves a queue's settings, replacing any earlier ones. Idempotent. */
    void saveSettings(QueueSettings settings);

    /** Every queue that has saved settings or jobs, by name. */
    List<QueueName> queues();
}
