package dev.stowage.testing;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.Lease;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.ThroughputBucket;
import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The job queue's ports ({@link JobEnqueueStore}, {@link JobWorkStore}, {@link JobManageStore},
 * {@link JobAdminStore}, {@link JobImportStore}) in memory: the reference implementation of their
 * contracts ({@code dev.stowage.testing.contract.Job*StoreContract}), for tests and for embedding
 * without a database. Thread-safe: one lock guards everything, which trivially
 * gives the atomicity the port promises. Lists are scanned, so it suits thousands of jobs, not
 * millions.
 */
public final class InMemoryJobStore
        implements JobEnqueueStore, JobWorkStore, JobManageStore, JobAdminStore, JobImportStore {
    /** Due jobs are handed out highest priority first, then oldest (created-at, then id). */
    private static final Comparator<Job> CLAIM_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparing(Job::createdAt)
            .thenComparing(Job::id);

    private final IdGenerator ids;
    private final Object lock = new Object();
    private final TreeMap<JobId, Job> jobs = new TreeMap<>();
    /** The lease length each running job was claimed with, so heartbeats extend by the same. */
    private final Map<JobId, Duration> leaseLengths = new HashMap<>();
    private final Map<QueueName, QueueSettings> settings = new HashMap<>();

    /** @param ids makes lease ids */
    public InMemoryJobStore(IdGenerator ids) {
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    @Override
    public List<Inserted> insert(List<NewJob> newJobs) {
        Objects.requireNonNull(newJobs, "jobs");
        synchronized (lock) {
            var staged = new LinkedHashMap<JobId, Job>();
            var out = new ArrayList<Inserted>(newJobs.size());
            for (NewJob n : newJobs) {
                Optional<Job> same = duplicateOf(n, staged.values());
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                if (jobs.containsKey(n.id()) || staged.containsKey(n.id())) {
                    throw new AlreadyExistsException("job id '" + n.id() + "' is already taken");
                }
                Job job = n.toPendingJob();
                staged.put(job.id(), job);
                out.add(new Inserted(job, true));
            }
            jobs.putAll(staged); // only now: a failure above leaves nothing behind
            return out;
        }
    }

    private Optional<Job> duplicateOf(NewJob n, Iterable<Job> staged) {
        Optional<Job> found = firstDuplicate(n, jobs.values());
        return found.isPresent() ? found : firstDuplicate(n, staged);
    }

    private static Optional<Job> firstDuplicate(NewJob n, Iterable<Job> candidates) {
        for (Job j : candidates) {
            boolean sameRef = n.externalRef().isPresent() && n.externalRef().equals(j.externalRef());
            boolean sameKey = n.dedupKey().isPresent() && n.dedupKey().equals(j.dedupKey())
                    && n.queue().equals(j.queue()) && !j.state().isTerminal();
            if (sameRef || sameKey) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Inserted> insertImported(List<ImportedJob> imported) {
        Objects.requireNonNull(imported, "jobs");
        synchronized (lock) {
            var staged = new LinkedHashMap<JobId, Job>();
            var out = new ArrayList<Inserted>(imported.size());
            for (ImportedJob i : imported) {
                Job j = i.job();
                Optional<Job> same = byRef(i.externalRef(), jobs.values())
                        .or(() -> byRef(i.externalRef(), staged.values()));
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                if (jobs.containsKey(j.id()) || staged.containsKey(j.id())) {
                    throw new AlreadyExistsException("job id '" + j.id() + "' is already taken");
                }
                staged.put(j.id(), j);
                out.add(new Inserted(j, true));
            }
            jobs.putAll(staged);
            return out;
        }
    }

    @Override
    public Optional<Job> findByExternalRef(String externalRef) {
        Objects.requireNonNull(externalRef, "externalRef");
        synchronized (lock) {
            return byRef(externalRef, jobs.values());
        }
    }

    private static Optional<Job> byRef(String ref, Iterable<Job> candidates) {
        for (Job j : candidates) {
            if (j.externalRef().map(ref::equals).orElse(false)) {
                return Optional.of(j);
            }
        }
        return Optional.empty();
    }

    @Override
    public List<Job> claim(QueueName queue, WorkerId worker, int max, Instant now, Optional<Duration> leaseOverride) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseOverride, "leaseOverride");
        synchronized (lock) {
            QueueSettings s = settings(queue);
            if (s.paused() || max <= 0) {
                return List.of();
            }
            long running = jobs.values().stream()
                    .filter(j -> j.queue().equals(queue) && j.state() == JobState.RUNNING).count();
            long room = Math.min(max, s.maxConcurrency() - running);
            if (room <= 0) {
                return List.of();
            }
            Duration length = leaseOverride.orElse(s.leaseDuration());
            LeaseId lease = new LeaseId(ids.next()); // one per claim, as the port says
            List<Job> due = jobs.values().stream()
                    .filter(j -> j.queue().equals(queue) && j.state() == JobState.PENDING && !j.runAt().isAfter(now))
                    .sorted(CLAIM_ORDER)
                    .limit(room)
                    .toList();
            var claimed = new ArrayList<Job>(due.size());
            for (Job j : due) {
                Edit e = new Edit(j);
                e.state = JobState.RUNNING;
                e.attempts = j.attempts() + 1;
                e.lease = Optional.of(new Lease(lease, worker, now.plus(length)));
                e.progress = Progress.NONE;
                e.startedAt = Optional.of(now);
                e.finishedAt = Optional.empty();
                Job started = put(e);
                leaseLengths.put(j.id(), length);
                claimed.add(started);
            }
            return claimed;
        }
    }

    @Override
    public Job heartbeat(JobId job, LeaseId lease, Instant now, Optional<Progress> progress) {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(progress, "progress");
        synchronized (lock) {
            Job j = current(job, lease);
            Edit e = new Edit(j);
            Lease l = j.lease().orElseThrow();
            e.lease = Optional.of(new Lease(l.id(), l.worker(), now.plus(leaseLengths.get(job))));
            progress.ifPresent(p -> e.progress = p);
            return put(e);
        }
    }

    @Override
    public Job complete(JobId job, LeaseId lease, Optional<JsonText> result, Instant now) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Edit e = new Edit(current(job, lease));
            e.state = JobState.COMPLETED;
            e.result = result;
            e.progress = new Progress(100, e.progress.message());
            return finish(e, now);
        }
    }

    @Override
    public List<CompletionOutcome> completeAll(List<Completion> completions, Instant now) {
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            List<CompletionOutcome> outcomes = new ArrayList<>(completions.size());
            for (Completion c : completions) {
                try {
                    outcomes.add(CompletionOutcome.completed(CompletedJob.of(complete(c.job(), c.lease(), c.result(), now))));
                } catch (LeaseLostException | NotFoundException e) {
                    outcomes.add(CompletionOutcome.refused(c.job(), e));
                }
            }
            return outcomes;
        }
    }

    @Override
    public Job fail(JobId job, LeaseId lease, String error, Instant now, double jitterSample) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Job j = current(job, lease);
            Edit e = new Edit(j);
            e.lastError = Optional.of(error);
            if (j.cancelRequested()) {
                e.state = JobState.CANCELLED;
                return finish(e, now);
            }
            if (j.attemptsLeft()) {
                e.state = JobState.PENDING;
                e.runAt = now.plus(settings(j.queue()).backoff().delayAfter(j.attempts(), jitterSample));
                return unlease(e);
            }
            e.state = JobState.FAILED;
            return finish(e, now);
        }
    }

    @Override
    public Job release(JobId job, LeaseId lease, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Job j = current(job, lease);
            Edit e = new Edit(j);
            e.attempts = Math.max(0, j.attempts() - 1);
            if (j.cancelRequested()) {
                e.state = JobState.CANCELLED;
                return finish(e, now);
            }
            e.state = JobState.PENDING;
            e.runAt = now;
            return unlease(e);
        }
    }

    @Override
    public Job cancel(JobId job, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Job j = existing(job);
            switch (j.state()) {
                case CANCELLED:
                    return j;
                case COMPLETED:
                case FAILED:
                    throw new ConflictException("job '" + job + "' is " + j.state() + " and cannot be cancelled");
                case RUNNING: {
                    Edit e = new Edit(j);
                    e.cancelRequested = true;
                    return put(e);
                }
                default: {
                    Edit e = new Edit(j);
                    e.state = JobState.CANCELLED;
                    return finish(e, now);
                }
            }
        }
    }

    @Override
    public Job retry(JobId job, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            Job j = existing(job);
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                throw new ConflictException("job '" + job + "' is " + j.state() + "; only FAILED or CANCELLED jobs can be retried");
            }
            Edit e = new Edit(j);
            e.state = JobState.PENDING;
            e.attempts = 0;
            e.cancelRequested = false;
            e.runAt = now;
            e.finishedAt = Optional.empty();
            e.result = Optional.empty();
            return put(e);
        }
    }

    // Bulk: under the one lock for the whole list, each job goes through its single-job method
    // when that method would change it, so both paths change a job the same way.

    @Override
    public List<Job> retryAll(List<JobId> ids, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            var out = new ArrayList<Job>();
            for (Job j : listed(ids)) {
                boolean retryable = j.state() == JobState.FAILED || j.state() == JobState.CANCELLED;
                if (retryable && !dedupTaken(j)) {
                    out.add(retry(j.id(), now));
                }
            }
            return out;
        }
    }

    private boolean dedupTaken(Job j) {
        return j.dedupKey().isPresent() && jobs.values().stream().anyMatch(o -> !o.state().isTerminal()
                && o.queue().equals(j.queue()) && o.dedupKey().equals(j.dedupKey()));
    }

    @Override
    public List<Job> cancelAll(List<JobId> ids, Instant now) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            var out = new ArrayList<Job>();
            for (Job j : listed(ids)) {
                if (j.state() == JobState.PENDING || (j.state() == JobState.RUNNING && !j.cancelRequested())) {
                    out.add(cancel(j.id(), now));
                }
            }
            return out;
        }
    }

    @Override
    public List<Job> deleteAll(List<JobId> ids) {
        synchronized (lock) {
            var out = new ArrayList<Job>();
            for (Job j : listed(ids)) {
                if (j.state().isTerminal()) {
                    jobs.remove(j.id());
                    leaseLengths.remove(j.id());
                    out.add(j);
                }
            }
            return out;
        }
    }

    /** The listed jobs that exist, each once, in the order listed. */
    private List<Job> listed(List<JobId> ids) {
        Objects.requireNonNull(ids, "ids");
        return new LinkedHashSet<>(ids).stream().map(jobs::get).filter(Objects::nonNull).toList();
    }

    @Override
    public Recovery recoverExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        synchronized (lock) {
            List<Job> expired = jobs.values().stream()
                    .filter(j -> j.state() == JobState.RUNNING && j.lease().orElseThrow().expiredAt(now))
                    .sorted(Comparator.comparing((Job j) -> j.lease().orElseThrow().expiresAt()).thenComparing(Job::id))
                    .limit(Math.max(0, limit))
                    .toList();
            int requeued = 0;
            int failed = 0;
            int cancelled = 0;
            for (Job j : expired) {
                Edit e = new Edit(j);
                if (j.cancelRequested()) {
                    e.state = JobState.CANCELLED;
                    finish(e, now);
                    cancelled++;
                } else if (j.attemptsLeft()) {
                    e.state = JobState.PENDING;
                    e.runAt = now;
                    unlease(e);
                    requeued++;
                } else {
                    e.state = JobState.FAILED;
                    e.lastError = Optional.of("lease expired");
                    finish(e, now);
                    failed++;
                }
            }
            return new Recovery(requeued, failed, cancelled);
        }
    }

    @Override
    public Optional<Job> find(JobId job) {
        synchronized (lock) {
            return Optional.ofNullable(jobs.get(job));
        }
    }

    /** Newest first by id; the cursor is the id of the page's last job. */
    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        Optional<JobId> after = page.after().map(InMemoryJobStore::decode);
        synchronized (lock) {
            var source = after.isPresent() ? jobs.headMap(after.get(), false).descendingMap() : jobs.descendingMap();
            var items = new ArrayList<Job>(page.limit());
            boolean more = false;
            for (Job j : source.values()) {
                if (!filter.matches(j)) {
                    continue;
                }
                if (items.size() == page.limit()) {
                    more = true;
                    break;
                }
                items.add(j);
            }
            Optional<Cursor> next = more ? Optional.of(new Cursor(items.get(items.size() - 1).id().value())) : Optional.empty();
            return new Page<>(items, next);
        }
    }

    private static JobId decode(Cursor cursor) {
        try {
            return new JobId(cursor.value());
        } catch (InvalidInputException e) {
            throw new InvalidInputException("cursor '" + cursor + "' was not issued by this job listing");
        }
    }

    @Override
    public JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        Objects.requireNonNull(queue, "queue");
        synchronized (lock) {
            var counts = new EnumMap<JobState, Long>(JobState.class);
            long finished = 0;
            long failed = 0;
            var durations = new ArrayList<Duration>();
            for (Job j : jobs.values()) {
                if (queue.isPresent() && !queue.get().equals(j.queue())) {
                    continue;
                }
                counts.merge(j.state(), 1L, Long::sum);
                boolean inWindow = j.state().isTerminal() && j.finishedAt().isPresent()
                        && !j.finishedAt().get().isBefore(from) && j.finishedAt().get().isBefore(to);
                if (!inWindow) {
                    continue;
                }
                finished++;
                if (j.state() == JobState.FAILED) {
                    failed++;
                } else if (j.state() == JobState.COMPLETED) {
                    durations.add(j.actualDuration().orElse(Duration.ZERO));
                }
            }
            long completed = durations.size();
            double seconds = Duration.between(from, to).toMillis() / 1000.0;
            double throughput = seconds > 0 ? completed / seconds : 0.0;
            durations.sort(null);
            Optional<Duration> mean = completed == 0 ? Optional.empty()
                    : Optional.of(durations.stream().reduce(Duration.ZERO, Duration::plus).dividedBy(completed));
            // nearest-rank percentile: the smallest value with at least 95% of values at or below it
            Optional<Duration> p95 = completed == 0 ? Optional.empty()
                    : Optional.of(durations.get((int) Math.ceil(0.95 * completed) - 1));
            Optional<Double> success = completed + failed == 0 ? Optional.empty()
                    : Optional.of((double) completed / (completed + failed));
            return new JobStats(queue, from, to, counts, finished, completed, throughput, mean, p95, success);
        }
    }

    @Override
    public long count(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        synchronized (lock) {
            return jobs.values().stream().filter(filter::matches).count();
        }
    }

    @Override
    public Map<QueueName, Map<JobState, Long>> countsByQueue() {
        synchronized (lock) {
            var out = new TreeMap<QueueName, Map<JobState, Long>>(Comparator.comparing(QueueName::value));
            for (Job j : jobs.values()) {
                out.computeIfAbsent(j.queue(), q -> new EnumMap<>(JobState.class)).merge(j.state(), 1L, Long::sum);
            }
            return out;
        }
    }

    @Override
    public List<ThroughputBucket> finishedPerStep(QueueName queue, Instant from, Instant to, Duration step) {
        Objects.requireNonNull(queue, "queue");
        if (step.isNegative() || step.isZero() || !to.isAfter(from)) {
            throw new IllegalArgumentException("the step must be positive and the window must not be empty");
        }
        long stepNanos = step.toNanos();
        long buckets = (Duration.between(from, to).toNanos() + stepNanos - 1) / stepNanos;
        long[][] counts = new long[(int) buckets][2];
        synchronized (lock) {
            for (Job j : jobs.values()) {
                if (!j.queue().equals(queue) || j.finishedAt().isEmpty()
                        || (j.state() != JobState.COMPLETED && j.state() != JobState.FAILED)) {
                    continue;
                }
                Instant f = j.finishedAt().get();
                if (f.isBefore(from)) {
                    continue;
                }
                long i = Duration.between(from, f).toNanos() / stepNanos;
                if (i < buckets) {
                    counts[(int) i][j.state() == JobState.COMPLETED ? 0 : 1]++;
                }
            }
        }
        var out = new ArrayList<ThroughputBucket>((int) buckets);
        for (int i = 0; i < buckets; i++) {
            out.add(new ThroughputBucket(from.plus(step.multipliedBy(i)), counts[i][0], counts[i][1]));
        }
        return out;
    }

    @Override
    public Optional<Instant> nextDue(QueueName queue) {
        synchronized (lock) {
            return jobs.values().stream()
                    .filter(j -> j.queue().equals(queue) && j.state() == JobState.PENDING
                            && j.runAt().isAfter(j.createdAt()))
                    .map(Job::runAt)
                    .min(Comparator.naturalOrder());
        }
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int batchSize) {
        Objects.requireNonNull(cutoff, "cutoff");
        synchronized (lock) {
            List<JobId> doomed = jobs.values().stream()
                    .filter(j -> j.state().isTerminal() && j.finishedAt().map(f -> f.isBefore(cutoff)).orElse(false))
                    .sorted(Comparator.comparing((Job j) -> j.finishedAt().orElseThrow()).thenComparing(Job::id))
                    .limit(Math.max(0, batchSize))
                    .map(Job::id)
                    .toList();
            doomed.forEach(id -> {
                jobs.remove(id);
                leaseLengths.remove(id);
            });
            return doomed.size();
        }
    }

    @Override
    public QueueSettings settings(QueueName queue) {
        Objects.requireNonNull(queue, "queue");
        synchronized (lock) {
            return settings.getOrDefault(queue, QueueSettings.defaults(queue));
        }
    }

    @Override
    public void saveSettings(QueueSettings s) {
        Objects.requireNonNull(s, "settings");
        synchronized (lock) {
            settings.put(s.queue(), s);
        }
    }

    @Override
    public List<QueueName> queues() {
        synchronized (lock) {
            var names = new TreeSet<QueueName>(Comparator.comparing(QueueName::value));
            names.addAll(settings.keySet());
            jobs.values().forEach(j -> names.add(j.queue()));
            return List.copyOf(names);
        }
    }

    private Job existing(JobId job) {
        Objects.requireNonNull(job, "job");
        Job j = jobs.get(job);
        if (j == null) {
            throw NotFoundException.of("job", job);
        }
        return j;
    }

    private Job current(JobId job, LeaseId lease) {
        Objects.requireNonNull(lease, "lease");
        Job j = existing(job);
        boolean held = j.state() == JobState.RUNNING && j.lease().map(l -> l.id().equals(lease)).orElse(false);
        if (!held) {
            throw new LeaseLostException("lease '" + lease + "' on job '" + job + "' is no longer current");
        }
        return j;
    }

    private Job finish(Edit e, Instant now) {
        e.finishedAt = Optional.of(now);
        return unlease(e);
    }

    private Job unlease(Edit e) {
        e.lease = Optional.empty();
        e.cancelRequested = false; // a request to stop means something only while the job runs
        leaseLengths.remove(e.id);
        return put(e);
    }

    private Job put(Edit e) {
        Job j = e.build();
        jobs.put(j.id(), j);
        return j;
    }

    /** A job being changed; saves spelling out twenty record components at every transition. */
    private static final class Edit {
        final JobId id;
        final Job from;
        JobState state;
        int attempts;
        Instant runAt;
        Optional<Lease> lease;
        Progress progress;
        boolean cancelRequested;
        Optional<JsonText> result;
        Optional<String> lastError;
        Optional<Instant> startedAt;
        Optional<Instant> finishedAt;

        Edit(Job j) {
            from = j;
            id = j.id();
            state = j.state();
            attempts = j.attempts();
            runAt = j.runAt();
            lease = j.lease();
            progress = j.progress();
            cancelRequested = j.cancelRequested();
            result = j.result();
            lastError = j.lastError();
            startedAt = j.startedAt();
            finishedAt = j.finishedAt();
        }

        Job build() {
            return new Job(id, from.queue(), from.type(), from.payload(), from.priority(), state, attempts,
                    from.maxAttempts(), runAt, lease, progress, cancelRequested, result, lastError, from.createdAt(),
                    startedAt, finishedAt, from.estimatedDuration(), from.dedupKey(), from.externalRef());
        }
    }
}
