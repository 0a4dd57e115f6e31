package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Claims, heartbeats and outcomes for every worker, in-process or remote.
 *
 * <p>Claim with wait does not poll on a fixed timer. When nothing is due it sleeps until the first of:
 * a {@link WorkSignal} for the queue (an enqueue, a job back to pending, a freed slot, a resume), the
 * queue's next delayed job falling due ({@link JobWorkStore#nextDue}), or the fallback poll interval.
 * The fallback exists only because another process (the CLI, a second service instance) may write
 * to the same database and cannot signal this one; it bounds how late such a job can be noticed.
 */
public final class WorkJobsService implements WorkJobsUseCase {
    /** Default bound on how long a waiting claim may miss work enqueued by another process. */
    public static final Duration DEFAULT_FALLBACK_POLL = Duration.ofMillis(500);
    /** Longer error texts are cut: they go into every listing of the job. */
    static final int MAX_ERROR_CHARS = 4000;

    private final JobWorkStore jobs;
    private final WorkSignal signal;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration fallbackPoll;

    /**
     * @param random       draws the backoff jitter; used under a lock, so need not be thread-safe
     * @param fallbackPoll longest sleep of a waiting claim without a signal; at least 1 ms
     */
    public WorkJobsService(JobWorkStore jobs, WorkSignal signal, QueueMetrics metrics, Clock clock, RandomGenerator random,
                           Duration fallbackPoll) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
        this.random = Objects.requireNonNull(random, "random");
        this.fallbackPoll = Objects.requireNonNull(fallbackPoll, "fallbackPoll");
        if (fallbackPoll.compareTo(Duration.ofMillis(1)) < 0) {
            throw new IllegalArgumentException("fallback poll interval must be at least 1 ms, got " + fallbackPoll);
        }
    }

    /** With a fresh random source and the {@linkplain #DEFAULT_FALLBACK_POLL default fallback poll}. */
    public WorkJobsService(JobWorkStore jobs, WorkSignal signal, QueueMetrics metrics, Clock clock) {
        this(jobs, signal, metrics, clock, new SplittableRandom(), DEFAULT_FALLBACK_POLL);
    }

    @Override
    public List<Job> claim(QueueName queue, WorkerId worker, int max, Optional<Duration> lease, Duration wait)
            throws InterruptedException {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(worker, "worker");
        Checks.range(max, 1, MAX_CLAIM, "max jobs per claim");
        Objects.requireNonNull(lease, "lease").ifPresent(d -> {
            if (d.compareTo(Duration.ofMillis(100)) < 0 || d.compareTo(Duration.ofDays(1)) > 0) {
                throw new InvalidInputException("lease must be between 100 ms and 1 day, got " + d);
            }
        });
        Objects.requireNonNull(wait, "wait");
        if (wait.isNegative()) {
            throw new InvalidInputException("wait must not be negative, got " + wait);
        }
        long deadline = System.nanoTime() + WorkSignal.saturatedNanos(wait);
        while (true) {
            // read the generation before looking, so a signal given while we look is not lost
            long seen = signal.generation(queue);
            Instant now = clock.instant();
            List<Job> claimed = jobs.claim(queue, worker, max, now, lease);
            if (!claimed.isEmpty()) {
                report(queue, claimed);
                return claimed;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            long sleep = Math.min(left, fallbackPoll.toNanos());
            Optional<Instant> due = jobs.nextDue(queue);
            // a due job that could not be claimed waits for a slot or a resume: those signal
            if (due.isPresent() && due.get().isAfter(now)) {
                sleep = Math.min(sleep, WorkSignal.saturatedNanos(Duration.between(now, due.get())));
            }
            signal.await(queue, seen, Duration.ofNanos(sleep));
        }
    }

    private void report(QueueName queue, List<Job> claimed) {
        metrics.claimed(queue, claimed.size());
        for (Job j : claimed) {
            Instant dueAt = j.runAt().isAfter(j.createdAt()) ? j.runAt() : j.createdAt();
            Duration delay = Duration.between(dueAt, j.startedAt().orElse(dueAt));
            metrics.startDelay(queue, delay.isNegative() ? Duration.ZERO : delay);
        }
    }

    @Override
    public Job heartbeat(JobId job, LeaseId lease, Optional<Progress> progress) {
        return jobs.heartbeat(job, lease, clock.instant(), progress);
    }

    @Override
    public Job complete(JobId job, LeaseId lease, Optional<JsonText> result) {
        Job done = jobs.complete(job, lease, result, clock.instant());
        signal.signal(done.queue()); // a concurrency slot is free
        metrics.completed(done.queue(), done.type(), done.actualDuration().orElse(Duration.ZERO));
        return done;
    }

    @Override
    public List<CompletionOutcome> completeAll(List<Completion> completions) {
        Objects.requireNonNull(completions, "completions");
        if (completions.isEmpty()) {
            return List.of();
        }
        List<CompletionOutcome> outcomes = jobs.completeAll(completions, clock.instant());
        Set<QueueName> freed = new HashSet<>();
        for (CompletionOutcome o : outcomes) {
            o.completed().ifPresent(done -> {
                freed.add(done.queue());
                metrics.completed(done.queue(), done.type(), done.runTime());
            });
        }
        freed.forEach(signal::signal); // concurrency slots are free
        return outcomes;
    }

    @Override
    public Job fail(JobId job, LeaseId lease, String error) {
        Objects.requireNonNull(error, "error");
        String text = error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "..." : error;
        double jitter;
        synchronized (random) {
            jitter = random.nextDouble();
        }
        Job after = jobs.fail(job, lease, text, clock.instant(), jitter);
        // a slot is free, and waiting claims must learn the retry's run-at
        signal.signal(after.queue());
        switch (after.state()) {
            case PENDING -> metrics.retried(after.queue(), after.type());
            case CANCELLED -> metrics.cancelled(after.queue(), after.type());
            default -> metrics.failed(after.queue(), after.type());
        }
        return after;
    }

    @Override
    public Job release(JobId job, LeaseId lease) {
        Job back = jobs.release(job, lease, clock.instant());
        signal.signal(back.queue());
        return back;
    }
}
