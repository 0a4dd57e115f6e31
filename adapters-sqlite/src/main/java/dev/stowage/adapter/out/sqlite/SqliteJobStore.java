package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.JobStatements.CLAIM;
import static dev.stowage.adapter.out.sqlite.JobStatements.COMPLETE;
import static dev.stowage.adapter.out.sqlite.JobStatements.COMPLETE_MANY;
import static dev.stowage.adapter.out.sqlite.JobStatements.DELETE_FINISHED;
import static dev.stowage.adapter.out.sqlite.JobStatements.EXPIRED;
import static dev.stowage.adapter.out.sqlite.JobStatements.FIND;
import static dev.stowage.adapter.out.sqlite.JobStatements.FIND_BY_DEDUP;
import static dev.stowage.adapter.out.sqlite.JobStatements.FIND_BY_REF;
import static dev.stowage.adapter.out.sqlite.JobStatements.HEARTBEAT;
import static dev.stowage.adapter.out.sqlite.JobStatements.INSERT;
import static dev.stowage.adapter.out.sqlite.JobStatements.INSERT_MANY;
import static dev.stowage.adapter.out.sqlite.JobStatements.NEXT_DUE;
import static dev.stowage.adapter.out.sqlite.JobStatements.RUNNING_COUNT;
import static dev.stowage.adapter.out.sqlite.JobStatements.SAVE_SETTINGS;
import static dev.stowage.adapter.out.sqlite.JobStatements.SETTINGS;
import static dev.stowage.adapter.out.sqlite.JobStatements.TRANSITION;
import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.Session;
import dev.stowage.adapter.out.sqlite.engine.Throwables;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobTransition;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.ThroughputBucket;
import dev.stowage.domain.queue.WorkerId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The job queue in SQLite, every role of it: one class, since the roles share the {@code jobs} table
 * and its statements. Writes go through the engine's single writer, so a method that reads a
 * row and then writes it does both inside one write transaction that no other connection or
 * process can interleave with; claim is one statement besides.
 *
 * <p>The hot statements ({@link JobStatements}) are rendered once and stay prepared per
 * connection; the listing and the figures, whose shape depends on the filter, are built per call.
 */
final class SqliteJobStore implements JobEnqueueStore, JobWorkStore, JobManageStore, JobAdminStore, JobImportStore {
    /** The order in which claims hand out jobs; RETURNING gives rows in no promised order. */
    private static final Comparator<Job> CLAIM_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparing(Job::id);

    private final Db db;
    private final IdGenerator ids;
    private final JobHistory history;

    SqliteJobStore(Db db, IdGenerator ids) {
        this.db = Objects.requireNonNull(db, "db");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.history = new JobHistory(db);
    }

    // ---- insert

    @Override
    public List<Inserted> insert(List<NewJob> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return List.of();
        }
        return db.writeSession(session -> {
            List<Inserted> out = new ArrayList<>(jobs.size());
            List<NewJob> plain = new ArrayList<>();
            for (NewJob job : jobs) {
                if (job.externalRef().isEmpty() && job.dedupKey().isEmpty()) {
                    // nothing to look up: stored with its neighbours in one statement
                    plain.add(job);
                    out.add(new Inserted(job.toPendingJob(), true));
                    continue;
                }
                // a plain job can never match a lookup, so storing the plain ones later changes no answer;
                // earlier keyed jobs of this call are already in the table, so a later duplicate finds them
                Optional<Job> same = job.externalRef().isPresent() ? byRef(session, job.externalRef().get())
                        : Optional.empty();
                if (same.isEmpty() && job.dedupKey().isPresent()) {
                    same = JobRows.readFirst(FIND_BY_DEDUP.on(session).set("queue", job.queue().value())
                            .set("key", job.dedupKey().get()).query());
                }
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                Job pending = job.toPendingJob();
                store(session, pending);
                out.add(new Inserted(pending, true));
            }
            storePlain(session, plain);
            return out;
        });
    }

    /** Below this many, one prepared INSERT per job costs less than building and parsing the JSON. */
    private static final int BULK_INSERT_FROM = 4;
    /** Rows per bulk statement: bounds the bound text to a few megabytes even with large payloads. */
    private static final int BULK_INSERT_ROWS = 1000;

    private static void storePlain(Session session, List<NewJob> jobs) throws SQLException {
        if (jobs.size() < BULK_INSERT_FROM) {
            for (NewJob job : jobs) {
                store(session, job.toPendingJob());
            }
            return;
        }
        for (int from = 0; from < jobs.size(); from += BULK_INSERT_ROWS) {
            List<NewJob> chunk = jobs.subList(from, Math.min(jobs.size(), from + BULK_INSERT_ROWS));
            BoundJson rows = new BoundJson(chunk.size() * (160 + chunk.get(0).payload().json().length()));
            for (NewJob job : chunk) {
                rows.row().text(job.id().value()).text(job.queue().value()).text(job.type().value())
                        .text(job.payload().json()).number(job.priority()).number(job.maxAttempts())
                        .number(EpochTime.micros(job.runAt())).number(EpochTime.micros(job.createdAt()))
                        .number(job.estimatedDuration().map(EpochTime::micros).orElse(null));
            }
            INSERT_MANY.on(session).set("jobs", rows.json()).update();
        }
    }

    @Override
    public List<Inserted> insertImported(List<ImportedJob> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return List.of();
        }
        return db.writeSession(session -> {
            List<Inserted> out = new ArrayList<>(jobs.size());
            for (ImportedJob imported : jobs) {
                Optional<Job> same = byRef(session, imported.externalRef());
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                store(session, imported.job());
                out.add(new Inserted(imported.job(), true));
            }
            return out;
        });
    }

    /** Inserts a job as it stands; a lease is never stored this way (only claims make leases). */
    private static void store(Session session, Job job) throws SQLException {
        INSERT.on(session)
                .set("id", job.id().value())
                .set("queue", job.queue().value())
                .set("type", job.type().value())
                .set("payload", job.payload().json())
                .set("priority", job.priority())
                .set("state", job.state().name())
                .set("attempts", job.attempts())
                .set("max_attempts", job.maxAttempts())
                .set("run_at", EpochTime.micros(job.runAt()))
                .set("progress_pct", job.progress().percent())
                .set("progress_msg", job.progress().message())
                .set("cancel_requested", job.cancelRequested() ? 1 : 0)
                .set("result", job.result().map(JsonText::json).orElse(null))
                .set("last_error", job.lastError().orElse(null))
                .set("created_at", EpochTime.micros(job.createdAt()))
                .set("started_at", job.startedAt().map(EpochTime::micros).orElse(null))
                .set("finished_at", job.finishedAt().map(EpochTime::micros).orElse(null))
                .set("estimated_duration", job.estimatedDuration().map(EpochTime::micros).orElse(null))
                .set("dedup_key", job.dedupKey().orElse(null))
                .set("external_ref", job.externalRef().orElse(null))
                .update();
    }

    @Override
    public Optional<Job> findByExternalRef(String externalRef) {
        Objects.requireNonNull(externalRef, "externalRef");
        return db.readSession(session -> byRef(session, externalRef));
    }

    private static Optional<Job> byRef(Session session, String ref) throws SQLException {
        return JobRows.readFirst(FIND_BY_REF.on(session).set("ref", ref).query());
    }

    // ---- claim and the lease holder's calls

    @Override
    public List<Job> claim(QueueName queue, WorkerId worker, int max, Instant now, Optional<Duration> leaseOverride) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(leaseOverride, "leaseOverride");
        if (max <= 0) {
            return List.of();
        }
        return db.writeSession(session -> {
            QueueSettings settings = settingsOn(session, queue);
            if (settings.paused()) {
                return List.of();
            }
            long running;
            try (ResultSet row = RUNNING_COUNT.on(session).set("queue", queue.value()).query()) {
                row.next();
                running = row.getLong(1);
            }
            int room = (int) Math.min(max, settings.maxConcurrency() - running);
            if (room <= 0) {
                return List.of();
            }
            Duration length = leaseOverride.orElse(settings.leaseDuration());
            List<Job> claimed = JobRows.readAll(CLAIM.on(session)
                    .set("queue", queue.value())
                    .set("now", EpochTime.micros(now))
                    .set("limit", room)
                    .set("lease", new LeaseId(ids.next()).value())
                    .set("worker", worker.value())
                    .set("expires_at", EpochTime.micros(now.plus(length)))
                    .set("lease_duration", EpochTime.micros(length))
                    .query());
            claimed.sort(CLAIM_ORDER);
            return claimed;
        });
    }

    @Override
    public Job heartbeat(JobId job, LeaseId lease, Instant now, Optional<Progress> progress) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(progress, "progress");
        return db.writeSession(session -> {
            Optional<Job> beat = JobRows.readFirst(HEARTBEAT.on(session)
                    .set("id", job.value())
                    .set("lease", lease.value())
                    .set("now", EpochTime.micros(now))
                    .set("progress_pct", progress.map(Progress::percent).orElse(null))
                    .set("progress_msg", progress.map(Progress::message).orElse(null))
                    .query());
            return beat.orElseThrow(() -> notCurrent(session, job, lease));
        });
    }

    @Override
    public Job complete(JobId job, LeaseId lease, Optional<JsonText> result, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        return db.writeSession(session -> {
            Optional<Job> done = JobRows.readFirst(COMPLETE.on(session)
                    .set("id", job.value())
                    .set("lease", lease.value())
                    .set("result", result.map(JsonText::json).orElse(null))
                    .set("now", EpochTime.micros(now))
                    .query());
            return done.orElseThrow(() -> notCurrent(session, job, lease));
        });
    }

    @Override
    public List<CompletionOutcome> completeAll(List<Completion> completions, Instant now) {
        Objects.requireNonNull(completions, "completions");
        Objects.requireNonNull(now, "now");
        completions.forEach(c -> Objects.requireNonNull(c, "completion"));
        if (completions.isEmpty()) {
            return List.of();
        }
        Set<JobId> distinct = new HashSet<>();
        boolean repeats = !completions.stream().allMatch(c -> distinct.add(c.job()));
        return db.writeSession(session -> repeats ? completeOneByOne(session, completions, now)
                : completeTogether(session, completions, now));
    }

    /** One statement for every completion; each row it did not return was refused. */
    private static List<CompletionOutcome> completeTogether(Session session, List<Completion> completions, Instant now)
            throws SQLException {
        BoundJson rows = new BoundJson(completions.size() * 80);
        for (Completion c : completions) {
            rows.row().text(c.job().value()).text(c.lease().value()).text(c.result().map(JsonText::json).orElse(null));
        }
        Map<JobId, CompletedJob> done = new HashMap<>();
        for (CompletedJob j : JobRows.readAllCompleted(COMPLETE_MANY.on(session).set("completions", rows.json())
                .set("now", EpochTime.micros(now)).query())) {
            done.put(j.id(), j);
        }
        List<CompletionOutcome> outcomes = new ArrayList<>(completions.size());
        for (Completion c : completions) {
            CompletedJob j = done.get(c.job());
            outcomes.add(j != null ? CompletionOutcome.completed(j) : refused(session, c));
        }
        return outcomes;
    }

    /** In order, so that a job named twice gets the answers two calls would get. */
    private static List<CompletionOutcome> completeOneByOne(Session session, List<Completion> completions, Instant now)
            throws SQLException {
        List<CompletionOutcome> outcomes = new ArrayList<>(completions.size());
        for (Completion c : completions) {
            Optional<Job> done = JobRows.readFirst(COMPLETE.on(session)
                    .set("id", c.job().value())
                    .set("lease", c.lease().value())
                    .set("result", c.result().map(JsonText::json).orElse(null))
                    .set("now", EpochTime.micros(now))
                    .query());
            outcomes.add(done.isPresent() ? CompletionOutcome.completed(CompletedJob.of(done.get())) : refused(session, c));
        }
        return outcomes;
    }

    private static CompletionOutcome refused(Session session, Completion c) {
        RuntimeException why = notCurrent(session, c.job(), c.lease());
        if (why instanceof StowageException known) {
            return CompletionOutcome.refused(c.job(), known);
        }
        throw why;
    }

    @Override
    public Job fail(JobId job, LeaseId lease, String error, Instant now, double jitterSample) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(now, "now");
        return db.writeSession(session -> {
            Job j = current(session, job, lease);
            JobTransition change = JobTransition.of(j).lastError(error);
            if (j.cancelRequested()) {
                change.finish(JobState.CANCELLED, now);
            } else if (j.attemptsLeft()) {
                BackoffPolicy backoff = settingsOn(session, j.queue()).backoff();
                change.requeue(now.plus(backoff.delayAfter(j.attempts(), jitterSample)));
            } else {
                change.finish(JobState.FAILED, now);
            }
            return write(session, change);
        });
    }

    @Override
    public Job release(JobId job, LeaseId lease, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.writeSession(session -> {
            Job j = current(session, job, lease);
            JobTransition change = JobTransition.of(j).attempts(Math.max(0, j.attempts() - 1));
            if (j.cancelRequested()) {
                change.finish(JobState.CANCELLED, now);
            } else {
                change.requeue(now);
            }
            return write(session, change);
        });
    }

    /** The job if {@code lease} is its current lease; read inside the caller's write transaction. */
    private static Job current(Session session, JobId job, LeaseId lease) throws SQLException {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Job j = existing(session, job);
        boolean held = j.state() == JobState.RUNNING && j.lease().map(l -> l.id().equals(lease)).orElse(false);
        if (!held) {
            throw leaseLost(job, lease);
        }
        return j;
    }

    /** Why a statement guarded by {@code lease} changed nothing: the job is missing, or the lease is not current. */
    private static RuntimeException notCurrent(Session session, JobId job, LeaseId lease) {
        try {
            existing(session, job);
        } catch (SQLException e) {
            return Throwables.sneaky(e);
        } catch (NotFoundException e) {
            return e;
        }
        return leaseLost(job, lease);
    }

    private static LeaseLostException leaseLost(JobId job, LeaseId lease) {
        return new LeaseLostException("lease '" + lease + "' on job '" + job + "' is no longer current");
    }

    private static Job existing(Session session, JobId job) throws SQLException {
        return JobRows.readFirst(FIND.on(session).set("id", job.value()).query())
                .orElseThrow(() -> NotFoundException.of("job", job));
    }

    // ---- administration

    @Override
    public Job cancel(JobId job, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(now, "now");
        return db.writeSession(session -> {
            Job j = existing(session, job);
            return switch (j.state()) {
                case CANCELLED -> j;
                case COMPLETED, FAILED -> throw new ConflictException("job '" + job + "' is " + j.state()
                        + " and cannot be cancelled");
                case RUNNING -> write(session, JobTransition.of(j).requestCancel());
                case PENDING -> write(session, JobTransition.of(j).finish(JobState.CANCELLED, now));
            };
        });
    }

    @Override
    public Job retry(JobId job, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(now, "now");
        return db.writeSession(session -> {
            Job j = existing(session, job);
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                throw new ConflictException("job '" + job + "' is " + j.state()
                        + "; only FAILED or CANCELLED jobs can be retried");
            }
            return write(session, JobTransition.of(j).retry(now));
        });
    }

    // ---- bulk: one transaction per call, each job changed exactly as its single-job method would

    @Override
    public List<Job> retryAll(List<JobId> jobs, Instant now) {
        Objects.requireNonNull(now, "now");
        return eachListed(jobs, (session, j) -> {
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                return null;
            }
            // a retry must not clash with an unfinished job holding the same dedup key (the unique
            // index would refuse it and undo the whole batch): such a job is left as it is
            if (j.dedupKey().isPresent() && JobRows.readFirst(FIND_BY_DEDUP.on(session).set("queue", j.queue().value())
                    .set("key", j.dedupKey().get()).query()).isPresent()) {
                return null;
            }
            return write(session, JobTransition.of(j).retry(now));
        });
    }

    @Override
    public List<Job> cancelAll(List<JobId> jobs, Instant now) {
        Objects.requireNonNull(now, "now");
        return eachListed(jobs, (session, j) -> switch (j.state()) {
            case PENDING -> write(session, JobTransition.of(j).finish(JobState.CANCELLED, now));
            case RUNNING -> j.cancelRequested() ? null : write(session, JobTransition.of(j).requestCancel());
            case CANCELLED, COMPLETED, FAILED -> null;
        });
    }

    @Override
    public List<Job> deleteAll(List<JobId> jobs) {
        return eachListed(jobs, (session, j) -> {
            if (!j.state().isTerminal()) {
                return null;
            }
            session.dsl().deleteFrom(JOBS).where(JOBS.ID.eq(j.id().value())).execute();
            return j;
        });
    }

    /** What a bulk method does to one job it found: the job as reported, or null to leave it out. */
    private interface BulkStep {
        Job apply(Session session, Job job) throws SQLException;
    }

    private List<Job> eachListed(List<JobId> jobs, BulkStep step) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return List.of();
        }
        var unique = new LinkedHashSet<>(jobs);
        return db.writeSession(session -> {
            List<Job> out = new ArrayList<>(unique.size());
            for (JobId id : unique) {
                Optional<Job> j = JobRows.readFirst(FIND.on(session).set("id", id.value()).query());
                if (j.isPresent()) {
                    Job changed = step.apply(session, j.get());
                    if (changed != null) {
                        out.add(changed);
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Recovery recoverExpired(Instant now, int limit) {
        Objects.requireNonNull(now, "now");
        if (limit <= 0) {
            return new Recovery(0, 0, 0);
        }
        return db.writeSession(session -> {
            List<Job> expired = JobRows.readAll(EXPIRED.on(session).set("now", EpochTime.micros(now)).set("limit", limit).query());
            int requeued = 0;
            int failed = 0;
            int cancelled = 0;
            for (Job j : expired) {
                JobTransition change = JobTransition.of(j);
                if (j.cancelRequested()) {
                    change.finish(JobState.CANCELLED, now);
                    cancelled++;
                } else if (j.attemptsLeft()) {
                    change.requeue(now);
                    requeued++;
                } else {
                    change.lastError("lease expired").finish(JobState.FAILED, now);
                    failed++;
                }
                write(session, change);
            }
            return new Recovery(requeued, failed, cancelled);
        });
    }

    // ---- reading

    @Override
    public Optional<Job> find(JobId job) {
        Objects.requireNonNull(job, "job");
        return db.readSession(session -> JobRows.readFirst(FIND.on(session).set("id", job.value()).query()));
    }

    @Override
    public Page<Job> list(JobFilter filter, PageRequest page) {
        return history.list(filter, page);
    }

    @Override
    public JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        return history.stats(queue, from, to);
    }

    @Override
    public long count(JobFilter filter) {
        return history.countMatching(filter);
    }

    @Override
    public Map<QueueName, Map<JobState, Long>> countsByQueue() {
        return history.countsByQueue();
    }

    @Override
    public List<ThroughputBucket> finishedPerStep(QueueName queue, Instant from, Instant to, Duration step) {
        return history.finishedPerStep(queue, from, to, step);
    }

    @Override
    public Optional<Instant> nextDue(QueueName queue) {
        Objects.requireNonNull(queue, "queue");
        return db.readSession(session -> {
            try (ResultSet row = NEXT_DUE.on(session).set("queue", queue.value()).query()) {
                row.next();
                long micros = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(EpochTime.instantOfMicros(micros));
            }
        });
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int batchSize) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (batchSize <= 0) {
            return 0;
        }
        return db.writeSession(session -> DELETE_FINISHED.on(session)
                .set("cutoff", EpochTime.micros(cutoff))
                .set("limit", batchSize)
                .update());
    }

    // ---- settings

    @Override
    public QueueSettings settings(QueueName queue) {
        Objects.requireNonNull(queue, "queue");
        // each enqueue reads its queue's defaults inside its write: read once per group commit
        return db.readRemembered(new SettingsKey(queue), session -> settingsOn(session, queue));
    }

    /** What {@link #settings} is remembered under within one write transaction. */
    private record SettingsKey(QueueName queue) {
    }

    private static QueueSettings settingsOn(Session session, QueueName queue) throws SQLException {
        try (ResultSet row = SETTINGS.on(session).set("queue", queue.value()).query()) {
            if (!row.next()) {
                return QueueSettings.defaults(queue);
            }
            return new QueueSettings(queue, row.getInt("paused") != 0, row.getInt("max_concurrency"),
                    row.getInt("default_max_attempts"),
                    new BackoffPolicy(EpochTime.durationOfMicros(row.getLong("backoff_initial")), row.getDouble("backoff_multiplier"),
                            EpochTime.durationOfMicros(row.getLong("backoff_max")), row.getDouble("backoff_jitter")),
                    EpochTime.durationOfMicros(row.getLong("lease_duration")));
        }
    }

    @Override
    public void saveSettings(QueueSettings settings) {
        Objects.requireNonNull(settings, "settings");
        db.writeSession(session -> {
            // a settings read remembered earlier in this write would now be out of date
            db.forgetRemembered();
            return SAVE_SETTINGS.on(session)
                    .set("queue", settings.queue().value())
                    .set("paused", settings.paused() ? 1 : 0)
                    .set("max_concurrency", settings.maxConcurrency())
                    .set("default_max_attempts", settings.defaultMaxAttempts())
                    .set("backoff_initial", EpochTime.micros(settings.backoff().initial()))
                    .set("backoff_multiplier", settings.backoff().multiplier())
                    .set("backoff_max", EpochTime.micros(settings.backoff().max()))
                    .set("backoff_jitter", settings.backoff().jitter())
                    .set("lease_duration", EpochTime.micros(settings.leaseDuration()))
                    .update();
        });
    }

    @Override
    public List<QueueName> queues() {
        return history.queues();
    }

    /** Writes {@code t} with the transition statement, guarded by the state it was worked out from. */
    private static Job write(Session session, JobTransition t) throws SQLException {
        return JobRows.readFirst(TRANSITION.on(session)
                .set("id", t.from().id().value())
                .set("from_state", t.from().state().name())
                .set("state", t.state().name())
                .set("attempts", t.attempts())
                .set("run_at", EpochTime.micros(t.runAt()))
                .set("cancel_requested", t.cancelRequested() ? 1 : 0)
                .set("result", t.result().map(JsonText::json).orElse(null))
                .set("last_error", t.lastError().orElse(null))
                .set("finished_at", t.finishedAt().map(EpochTime::micros).orElse(null))
                .set("keep_lease", t.keepsLease() ? 1 : 0)
                .query())
                .orElseThrow(() -> new IllegalStateException("job '" + t.from().id() + "' changed inside its own write "
                        + "transaction"));
    }
}
