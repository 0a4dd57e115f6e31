package dev.stowage.bootstrap.embed;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.UnaryOperator;

/**
 * The job queue of an embedded Stowage: enqueue, look at and act on jobs, steer queues. Jobs are run
 * by the worker runtimes of {@code Stowage.workers(…)} (or by remote workers over HTTP).
 *
 * <p>Each method does what the use case it names does, with the same errors; the overloads that take
 * strings check each one as its value type does ({@link QueueName}, {@link JobType}, {@link JsonText})
 * and throw that type's {@link dev.stowage.domain.error.InvalidInputException}.
 */
public final class JobQueue {
    /** Shortest pause between two looks at a job that {@link #awaitFinished} waits for. */
    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest pause between two looks: a finish is seen at most this late. */
    private static final long LAST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final EnqueueJobsUseCase enqueue;
    private final ManageJobsUseCase jobs;
    private final AdministerQueuesUseCase admin;

    public JobQueue(EnqueueJobsUseCase enqueue, ManageJobsUseCase jobs, AdministerQueuesUseCase admin) {
        this.enqueue = Objects.requireNonNull(enqueue, "enqueue");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.admin = Objects.requireNonNull(admin, "admin");
    }

    /**
     * Enqueues one job with the queue's defaults (priority, attempts, no delay); durable when this
     * returns.
     *
     * @param payload any JSON value, as text
     * @throws dev.stowage.domain.error.InvalidInputException when the queue name, the job type or the
     *         payload breaks its rule (nothing is enqueued)
     */
    public Job enqueue(String queue, String type, String payload) {
        return enqueue(new QueueName(queue), new JobType(type), JsonText.of(payload));
    }

    /** {@link #enqueue(String, String, String)} with typed values. */
    public Job enqueue(QueueName queue, JobType type, JsonText payload) {
        return enqueue.enqueue(EnqueueCommand.of(queue, type, payload)).job();
    }

    /**
     * Enqueues one job as {@code command} asks (priority, attempts, a delay, a dedup key). See
     * {@link EnqueueJobsUseCase#enqueue}.
     *
     * @return the job, and whether it was created ({@code false} when the dedup key found an
     *         unfinished job of the queue, which is returned instead)
     */
    public Inserted enqueue(EnqueueCommand command) {
        return enqueue.enqueue(command);
    }

    /** Enqueues many jobs in one transaction: all, or none. See {@link EnqueueJobsUseCase#enqueueBatch}. */
    public List<Inserted> enqueueAll(List<EnqueueCommand> commands) {
        return enqueue.enqueueBatch(commands);
    }

    /** The job as it is now. @throws dev.stowage.domain.error.NotFoundException when there is none */
    public Job job(JobId id) {
        return jobs.get(id);
    }

    /**
     * Waits until the job has finished (completed, failed for good or cancelled) and returns it as it
     * ended. It looks at the job's record, at first every millisecond and then less often, up to
     * every 100 ms, so it suits tools, tests and start-up code rather than thousands of waiting
     * threads. A job that fails with attempts left is not finished: it waits for its retries.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such job
     * @throws TimeoutException    when the job has not finished within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public Job awaitFinished(JobId id, Duration timeout) throws InterruptedException, TimeoutException {
        Objects.requireNonNull(id, "id");
        if (Objects.requireNonNull(timeout, "timeout").isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            Job job = jobs.get(id);
            if (job.state().isTerminal()) {
                return job;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("job " + id + " is still " + job.state() + " after " + timeout);
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(pause, left));
            pause = Math.min(pause * 2, LAST_PAUSE_NANOS);
        }
    }

    /** Jobs matching {@code filter}, newest first, a page at a time. See {@link ManageJobsUseCase#list}. */
    public Page<Job> list(JobFilter filter, PageRequest page) {
        return jobs.list(filter, page);
    }

    /**
     * Cancels a job: a pending one at once, a running one at its worker's next heartbeat. See
     * {@link ManageJobsUseCase#cancel}.
     */
    public Job cancel(JobId id) {
        return jobs.cancel(id);
    }

    /** Puts a failed or cancelled job back to pending, its attempts reset. See {@link ManageJobsUseCase#retry}. */
    public Job retry(JobId id) {
        return jobs.retry(id);
    }

    /** Figures of one queue over the last {@code window}. See {@link ManageJobsUseCase#stats}. */
    public JobStats stats(String queue, Duration window) {
        return stats(new QueueName(queue), window);
    }

    /** {@link #stats(String, Duration)} with a typed queue name. */
    public JobStats stats(QueueName queue, Duration window) {
        return jobs.stats(Optional.of(Objects.requireNonNull(queue, "queue")), window);
    }

    /** Figures of every queue together over the last {@code window}. */
    public JobStats stats(Duration window) {
        return jobs.stats(Optional.empty(), window);
    }

    /** Deletes finished jobs older than {@code age}. See {@link ManageJobsUseCase#purgeFinishedOlderThan}. */
    public long purgeFinishedOlderThan(Duration age) {
        return jobs.purgeFinishedOlderThan(age);
    }

    /** Stops the queue handing out jobs (enqueueing goes on). Idempotent. */
    public QueueSettings pause(String queue) {
        return pause(new QueueName(queue));
    }

    /** {@link #pause(String)} with a typed queue name. */
    public QueueSettings pause(QueueName queue) {
        return admin.pause(queue);
    }

    /** Lets the queue hand out jobs again. Idempotent. */
    public QueueSettings resume(String queue) {
        return resume(new QueueName(queue));
    }

    /** {@link #resume(String)} with a typed queue name. */
    public QueueSettings resume(QueueName queue) {
        return admin.resume(queue);
    }

    /** The queue's settings (a queue never configured has the defaults). */
    public QueueSettings settings(String queue) {
        return settings(new QueueName(queue));
    }

    /** {@link #settings(String)} with a typed queue name. */
    public QueueSettings settings(QueueName queue) {
        return admin.settings(queue);
    }

    /**
     * Changes some of a queue's settings in one transaction; {@code change} must be a plain function
     * of its argument. See {@link AdministerQueuesUseCase#changeSettings}.
     */
    public QueueSettings changeSettings(QueueName queue, UnaryOperator<QueueSettings> change) {
        return admin.changeSettings(queue, change);
    }

    /** Every known queue's settings. */
    public List<QueueSettings> queues() {
        return admin.queues();
    }
}
