package dev.stowage.application.port.out;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What workers do to jobs: claim them, report on them, and finish or give them back. Every method is
 * atomic on its own and joins the caller's {@link Transactions} boundary when there is one. Stores
 * never read a clock: every time comes in as {@code now}.
 *
 * <p>Leases: every claim makes a fresh {@link LeaseId} for the jobs it hands out (one id may serve all
 * of them). A lease is <em>current</em> while the job is {@code RUNNING} under that id; recovery
 * ({@link JobAdminStore#recoverExpired}) or a release ends it. Only the current lease may heartbeat,
 * complete, fail or release a job; any other lease gets {@link
 * dev.stowage.domain.error.LeaseLostException} and nothing is recorded. So a job is handed to at most
 * one worker at a time and completes at most once.
 */
public interface JobWorkStore {

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
    List<Job> claim(QueueName queue, WorkerId worker, int max, Instant now, Optional<Duration> leaseOverride);

    /**
     * When a worker that found nothing due should look again: the earliest run-at among the queue's
     * pending jobs that were put off past their creation (scheduled for later, or backing off after a
     * failure). Jobs due when created are left out: they are claimable at once, or wait for a free
     * slot or a resume, which wake workers themselves.
     *
     * @return empty when no such job is pending
     */
    Optional<Instant> nextDue(QueueName queue);

    /**
     * Extends a current lease to {@code now + the lease duration it was claimed with} and records
     * progress when given. Returns the job as it now stands; its {@code cancelRequested} tells the
     * worker to stop. An overdue lease that recovery has not ended yet is still current.
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
     * @return one outcome per completion, in input order; empty for an empty input
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
}
