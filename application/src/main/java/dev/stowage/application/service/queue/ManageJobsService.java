package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.ThroughputBucket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Looks at jobs, acts on single jobs, and keeps the history within its retention. */
public final class ManageJobsService implements ManageJobsUseCase {
    /**
     * Jobs deleted per purge transaction: small enough that a writer waiting behind one waits for
     * milliseconds, large enough that a purge of a million jobs is a few thousand transactions.
     */
    public static final int PURGE_BATCH = 500;

    private final JobManageStore jobs;
    private final WorkSignal signal;
    private final Clock clock;

    public ManageJobsService(JobManageStore jobs, WorkSignal signal, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    @Override
    public Job get(JobId id) {
        Objects.requireNonNull(id, "id");
        return jobs.find(id).orElseThrow(() -> NotFoundException.of("job", id));
    }

    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        return jobs.list(Objects.requireNonNull(filter, "filter"), Objects.requireNonNull(page, "page"));
    }

    @Override
    public Job cancel(JobId id) {
        return jobs.cancel(Objects.requireNonNull(id, "id"), clock.instant());
    }

    @Override
    public Job retry(JobId id) {
        Job back = jobs.retry(Objects.requireNonNull(id, "id"), clock.instant());
        signal.signal(back.queue());
        return back;
    }

    @Override
    public JobStats stats(Optional<QueueName> queue, Duration window) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(window, "window");
        Checks.range(window, MIN_STATS_WINDOW, MAX_AGE, "stats window");
        Instant to = clock.instant();
        return jobs.stats(queue, to.minus(window), to);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Each batch is its own transaction, and the thread yields between batches so that writers
     * queued behind a batch go first. An interrupt stops the purge after the current batch; the
     * count so far is returned and the interrupt is kept.
     */
    @Override
    public long purgeFinishedOlderThan(Duration age) {
        Objects.requireNonNull(age, "age");
        Checks.range(age, Duration.ZERO, MAX_AGE, "retention age");
        Instant cutoff = clock.instant().minus(age);
        long total = 0;
        while (true) {
            int deleted = jobs.deleteFinishedBefore(cutoff, PURGE_BATCH);
            total += deleted;
            if (deleted < PURGE_BATCH || Thread.currentThread().isInterrupted()) {
                return total;
            }
            Thread.yield();
        }
    }

    @Override
    public Map<QueueName, Map<JobState, Long>> countsByQueue() {
        return jobs.countsByQueue();
    }

    @Override
    public List<ThroughputBucket> history(QueueName queue, Duration window, Duration step) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(step, "step");
        Checks.range(window, MIN_HISTORY_WINDOW, MAX_HISTORY_WINDOW, "history window");
        Checks.range(step, MIN_HISTORY_STEP, MAX_HISTORY_STEP, "history step");
        long stepMillis = step.toMillis();
        long buckets = (window.toMillis() + stepMillis - 1) / stepMillis;
        if (step.compareTo(window) > 0 || buckets > MAX_HISTORY_BUCKETS) {
            throw new InvalidInputException("a history window of " + window + " by steps of " + step + " has "
                    + buckets + " steps; the step must fit in the window, and at most " + MAX_HISTORY_BUCKETS
                    + " steps are allowed");
        }
        long now = clock.millis();
        long end = Math.floorDiv(now, stepMillis) * stepMillis + stepMillis;
        Instant to = Instant.ofEpochMilli(end);
        return jobs.finishedPerStep(queue, to.minusMillis(buckets * stepMillis), to, Duration.ofMillis(stepMillis));
    }
}
