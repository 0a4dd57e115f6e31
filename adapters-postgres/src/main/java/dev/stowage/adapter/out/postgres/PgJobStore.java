package dev.stowage.adapter.out.postgres;

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
import dev.stowage.domain.queue.JobTransition;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.ThroughputBucket;
import dev.stowage.domain.queue.WorkerId;
import java.sql.Connection;
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
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job queue in PostgreSQL, every role of it, with the same answers as the SQLite store.
 *
 * <p>Many connections (and processes) write at once here, so where SQLite's single writer made a
 * read-then-write safe by itself, this store locks: a claim takes its jobs with
 * {@code FOR UPDATE SKIP LOCKED} in one statement (rows another claim holds are passed over, never
 * waited for), and counts a queue's running jobs under a per-queue transaction advisory lock so that
 * concurrent claims never exceed its max concurrency; transitions worked out in Java (fail, release,
 * cancel, retry, recovery) read the row {@code FOR UPDATE} first; every lease holder's call is one
 * statement guarded by the lease, so a lost lease changes nothing. Recovery takes expired leases with
 * {@code SKIP LOCKED}, so instances recovering at once split the work instead of colliding.
 *
 * <p>Round trips: a claim (its lock statement and claim statement sent together), a batch of
 * completions, a completion and a heartbeat each cost one, committed by the server at its end
 * ({@link Db#writeAlone}); the queue's hot path is as chatty as raw JDBC in autocommit.
 *
 * <p>Wake-ups: with {@link PostgresSettings.WakeUps#NOTIFY} an enqueue (and a job put back to
 * pending, a queue's settings saved) sends {@code NOTIFY stowage_jobs, 'queue'} in its own
 * transaction, delivered at commit to every process's {@link PgWakeUps} listener.
 */
final class PgJobStore implements JobEnqueueStore, JobWorkStore, JobManageStore, JobAdminStore, JobImportStore {
    /** The channel every enqueue notifies, with the queue's name as payload. */
    static final String CHANNEL = "stowage_jobs";
    /** First key of the advisory locks that guard a queue's max concurrency ({@code pg_advisory_xact_lock(int, int)}). */
    static final int CLAIM_LOCK_SPACE = 0x5354_4f57; // "STOW"

    private static final Comparator<Job> CLAIM_ORDER = Comparator.comparingInt(Job::priority).reversed()
            .thenComparing(Job::id);
    private static final String COLUMNS = PgJobRows.COLUMNS;
    private static final String FINISHED_STATES = "('COMPLETED', 'FAILED', 'CANCELLED')";

    private static final String INSERT = "INSERT INTO jobs (id, queue, type, payload, priority, state, attempts, "
            + "max_attempts, run_at, progress_pct, progress_msg, cancel_requested, result, last_error, created_at, "
            + "started_at, finished_at, estimated_duration, dedup_key, external_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
            + "?, ?, ?, ?::text, ?::text, ?, ?::bigint, ?::bigint, ?::bigint, ?::text, ?::text)";
    private static final String INSERT_MANY = "INSERT INTO jobs (id, queue, type, payload, priority, state, attempts, "
            + "max_attempts, run_at, progress_pct, progress_msg, cancel_requested, created_at, estimated_duration) "
            + "SELECT id, queue, type, payload, priority, 'PENDING', 0, max_attempts, run_at, 0, '', FALSE, created_at, "
            + "estimated FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::bigint[], "
            + "?::bigint[], ?::bigint[]) AS n(id, queue, type, payload, priority, max_attempts, run_at, created_at, estimated)";
    private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', q) FROM unnest(?::text[]) AS q";
    private static final String FIND = "SELECT " + COLUMNS + " FROM jobs WHERE id = ?";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String FIND_BY_REF = "SELECT " + COLUMNS + " FROM jobs WHERE external_ref = ?";
    private static final String FIND_BY_DEDUP = "SELECT " + COLUMNS + " FROM jobs WHERE queue = ? AND dedup_key = ? "
            + "AND state IN ('PENDING', 'RUNNING')";
    private static final String SETTINGS = "SELECT paused, max_concurrency, default_max_attempts, backoff_initial, "
            + "backoff_multiplier, backoff_max, backoff_jitter, lease_duration FROM queue_settings WHERE queue = ?";
    /**
     * First keys of the lanes ({@code CLAIM_LANE_SPACE + lane}, the queue's hash): a claim in a lane
     * holds the queue's lock shared and one lane alone, taking the first lane free, without waiting.
     */
    static final int CLAIM_LANE_SPACE = 0x5354_4e00; // "STN" + lane
    /** Claims of one queue in lanes at once, at most. */
    static final int CLAIM_LANES = 8;
    /** Jobs one claim in a lane takes, at most: what every other lane may hold uncommitted. */
    static final int CLAIM_LANE_JOBS = 250;
    /**
     * The transaction-local setting in which a claim's lock statement records what it holds: the
     * lane's number, {@code turn}, or '' (no lane free). Being local to the transaction, it also
     * shows the claim statement that it runs in the lock statement's transaction, whose locks it
     * relies on: the driver may send a Sync between the two (it does so to learn a parameter's type
     * before preparing a statement on the server), and the server commits there.
     */
    private static final String HELD = "stowage.claim_lock";
    /**
     * A claim in a lane, first statement: the queue's lock shared, then the first free lane, recorded
     * in {@link #HELD} and returned (NULL when every lane is taken).
     */
    private static final String LOCK_LANE = "SELECT (SELECT pg_advisory_xact_lock_shared(?, ?) IS NULL), "
            + "nullif(set_config('" + HELD + "', coalesce((SELECT lane::text FROM generate_series(0, " + (CLAIM_LANES - 1)
            + ") AS lane WHERE pg_try_advisory_xact_lock(" + CLAIM_LANE_SPACE + " + lane, ?) LIMIT 1), ''), TRUE), '')";
    /** A claim that takes its turn, first statement: the queue's lock alone, recorded in {@link #HELD}. */
    private static final String LOCK_TURN = "SELECT pg_advisory_xact_lock(?, ?) IS NULL, set_config('" + HELD
            + "', 'turn', TRUE)";
    /**
     * A claim's second statement, run after its lock statement with a snapshot of its own (so it
     * counts every claim committed before the lock was granted): the queue's settings (nulls when
     * none are saved), its running jobs and what this transaction holds ({@link #HELD}), the room
     * they leave, and up to that many due jobs in hand-out order made RUNNING under one fresh lease.
     * The inner select locks the rows it picks and skips those another transaction holds, so
     * concurrent claims never pick the same job and never wait for each other. One row for the
     * settings with each claimed job's columns after them, or one row with nulls there when it
     * claimed none.
     *
     * <p>The room: none while paused; taking turns, the limit less the running jobs; in a lane,
     * {@link #CLAIM_LANE_JOBS} at most and only while the running jobs plus what every lane may hold
     * stay within the limit; holding nothing, none. A lease override of 0 means none (a lease is
     * never that short), so that no value is bound without a type. The picked ids go through an
     * array: with a limit the planner cannot know in advance, {@code id IN (subquery)} is planned as
     * a hash join over a scan of the whole table; {@code = ANY(ARRAY(...))} looks each id up.
     */
    private static final String CLAIM = "WITH s AS (SELECT s.paused, s.max_concurrency, s.default_max_attempts, "
            + "s.backoff_initial, s.backoff_multiplier, s.backoff_max, s.backoff_jitter, s.lease_duration, "
            + "(SELECT count(*) FROM jobs WHERE queue = ? AND state = 'RUNNING') AS running, "
            + "coalesce(current_setting('" + HELD + "', TRUE), '') AS held "
            + "FROM (SELECT 1) AS one LEFT JOIN queue_settings AS s ON s.queue = ?), "
            + "room AS (SELECT CASE WHEN coalesce(paused, FALSE) OR held = '' THEN 0 "
            + "WHEN held = 'turn' THEN least(?, coalesce(max_concurrency, ?) - running) "
            + "WHEN running + " + ((long) CLAIM_LANES * CLAIM_LANE_JOBS) + " <= coalesce(max_concurrency, ?) "
            + "THEN least(?, " + CLAIM_LANE_JOBS + ") ELSE 0 END AS n, "
            + "coalesce(nullif(?, 0), lease_duration, ?) AS length FROM s), "
            + "claimed AS (UPDATE jobs SET state = 'RUNNING', attempts = attempts + 1, lease_id = ?, lease_worker = ?, "
            + "lease_expires_at = ? + (SELECT length FROM room), lease_duration = (SELECT length FROM room), "
            + "progress_pct = 0, progress_msg = '', started_at = ?, finished_at = NULL WHERE id = ANY(ARRAY(SELECT id FROM jobs "
            + "WHERE queue = ? AND state = 'PENDING' AND run_at <= ? ORDER BY priority DESC, id "
            + "LIMIT (SELECT greatest(n, 0) FROM room) FOR UPDATE SKIP LOCKED)) RETURNING " + COLUMNS + ") "
            + "SELECT s.*, claimed.* FROM s LEFT JOIN claimed ON TRUE";
    /** Columns of {@link #CLAIM}'s rows before the claimed job's. */
    private static final int CLAIM_SETTINGS_COLUMNS = 10;
    /** A claim in a lane, in one round trip: {@link #LOCK_LANE} then {@link #CLAIM}. */
    private static final String CLAIM_IN_LANE = LOCK_LANE + "; " + CLAIM;
    /** A claim that takes its turn, in one round trip: {@link #LOCK_TURN} then {@link #CLAIM}. */
    private static final String CLAIM_IN_TURN = LOCK_TURN + "; " + CLAIM;
    private static final String HEARTBEAT = "UPDATE jobs SET lease_expires_at = ? + lease_duration, "
            + "progress_pct = coalesce(?::int, progress_pct), progress_msg = coalesce(?::text, progress_msg) "
            + "WHERE id = ? AND state = 'RUNNING' AND lease_id = ? RETURNING " + COLUMNS;
    private static final String COMPLETE = "UPDATE jobs SET state = 'COMPLETED', result = ?::text, progress_pct = 100, "
            + "finished_at = ?, cancel_requested = FALSE, lease_id = NULL, lease_worker = NULL, lease_expires_at = NULL, "
            + "lease_duration = NULL WHERE id = ? AND state = 'RUNNING' AND lease_id = ? RETURNING " + COLUMNS;
    private static final String COMPLETE_MANY = "UPDATE jobs AS j SET state = 'COMPLETED', result = c.result, "
            + "progress_pct = 100, finished_at = ?, cancel_requested = FALSE, lease_id = NULL, lease_worker = NULL, "
            + "lease_expires_at = NULL, lease_duration = NULL FROM unnest(?::text[], ?::text[], ?::text[]) "
            + "AS c(id, lease, result) WHERE j.id = c.id AND j.state = 'RUNNING' AND j.lease_id = c.lease "
            + "RETURNING j.id, j.queue, j.type, j.attempts, j.started_at, j.finished_at";
    private static final String TRANSITION = "UPDATE jobs SET state = ?, attempts = ?, run_at = ?, cancel_requested = ?, "
            + "result = ?::text, last_error = ?::text, finished_at = ?::bigint, "
            + "lease_id = CASE WHEN ? THEN lease_id END, lease_worker = CASE WHEN ? THEN lease_worker END, "
            + "lease_expires_at = CASE WHEN ? THEN lease_expires_at END, "
            + "lease_duration = CASE WHEN ? THEN lease_duration END "
            + "WHERE id = ? AND state = ? RETURNING " + COLUMNS;
    private static final String EXPIRED = "SELECT " + COLUMNS + " FROM jobs WHERE state = 'RUNNING' "
            + "AND lease_expires_at <= ? ORDER BY lease_expires_at, id LIMIT ? FOR UPDATE SKIP LOCKED";
    private static final String NEXT_DUE = "SELECT min(run_at) FROM jobs WHERE queue = ? AND state = 'PENDING' "
            + "AND run_at > created_at";
    private static final String DELETE_FINISHED = "DELETE FROM jobs WHERE id IN (SELECT id FROM jobs WHERE state IN "
            + FINISHED_STATES + " AND finished_at < ? ORDER BY finished_at LIMIT ? FOR UPDATE SKIP LOCKED)";
    private static final String SAVE_SETTINGS = "INSERT INTO queue_settings (queue, paused, max_concurrency, "
            + "default_max_attempts, backoff_initial, backoff_multiplier, backoff_max, backoff_jitter, lease_duration) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (queue) DO UPDATE SET paused = EXCLUDED.paused, "
            + "max_concurrency = EXCLUDED.max_concurrency, default_max_attempts = EXCLUDED.default_max_attempts, "
            + "backoff_initial = EXCLUDED.backoff_initial, backoff_multiplier = EXCLUDED.backoff_multiplier, "
            + "backoff_max = EXCLUDED.backoff_max, backoff_jitter = EXCLUDED.backoff_jitter, "
            + "lease_duration = EXCLUDED.lease_duration";

    private final Db db;
    private final IdGenerator ids;
    /**
     * Each queue's limit as last read, only to skip a lane attempt that cannot succeed (a limit under
     * what the lanes may hold); both ways of claiming read the settings again under their locks.
     */
    private final Map<String, Integer> limits = new ConcurrentHashMap<>();
    private final boolean notify;
    private final PgJobHistory history;

    /**
     * @param notify true to send a NOTIFY when a queue may have new work (the NOTIFY wake-up mode);
     *               false in polling mode, where nobody listens and a NOTIFY would only cost its commit lock
     */
    PgJobStore(Db db, IdGenerator ids, boolean notify) {
        this.db = Objects.requireNonNull(db, "db");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.notify = notify;
        this.history = new PgJobHistory(db);
    }

    // ---- insert

    @Override
    public List<Inserted> insert(List<NewJob> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        jobs.forEach(j -> Objects.requireNonNull(j, "job"));
        if (jobs.isEmpty()) {
            return List.of();
        }
        return db.writeJdbc(c -> {
            List<Inserted> out = new ArrayList<>(jobs.size());
            List<NewJob> plain = new ArrayList<>();
            Set<String> queues = new LinkedHashSet<>();
            for (NewJob job : jobs) {
                if (job.externalRef().isEmpty() && job.dedupKey().isEmpty()) {
                    plain.add(job);
                    out.add(new Inserted(job.toPendingJob(), true));
                    queues.add(job.queue().value());
                    continue;
                }
                // earlier keyed jobs of this call are already in the table, so a later duplicate finds them
                Optional<Job> same = job.externalRef().isPresent() ? byRef(c, job.externalRef().get()) : Optional.empty();
                if (same.isEmpty() && job.dedupKey().isPresent()) {
                    same = Sql.first(c, FIND_BY_DEDUP, PgJobRows::read, job.queue().value(), job.dedupKey().get());
                }
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                Job pending = job.toPendingJob();
                store(c, pending);
                out.add(new Inserted(pending, true));
                queues.add(job.queue().value());
            }
            storePlain(c, plain);
            notifyQueues(c, queues);
            return out;
        });
    }

    private static void storePlain(Connection c, List<NewJob> jobs) throws SQLException {
        if (jobs.size() == 1) {
            store(c, jobs.get(0).toPendingJob());
            return;
        }
        if (jobs.isEmpty()) {
            return;
        }
        int n = jobs.size();
        String[] id = new String[n];
        String[] queue = new String[n];
        String[] type = new String[n];
        String[] payload = new String[n];
        Integer[] priority = new Integer[n];
        Integer[] maxAttempts = new Integer[n];
        Long[] runAt = new Long[n];
        Long[] createdAt = new Long[n];
        Long[] estimated = new Long[n];
        for (int i = 0; i < n; i++) {
            NewJob job = jobs.get(i);
            id[i] = job.id().value();
            queue[i] = job.queue().value();
            type[i] = job.type().value();
            payload[i] = job.payload().json();
            priority[i] = job.priority();
            maxAttempts[i] = job.maxAttempts();
            runAt[i] = EpochTime.micros(job.runAt());
            createdAt[i] = EpochTime.micros(job.createdAt());
            estimated[i] = job.estimatedDuration().map(EpochTime::micros).orElse(null);
        }
        Sql.update(c, INSERT_MANY, id, queue, type, payload, priority, maxAttempts, runAt, createdAt, estimated);
    }

    private void notifyQueues(Connection c, Set<String> queues) throws SQLException {
        if (notify && !queues.isEmpty()) {
            // delivered at commit, and only then: a listener never hears of a job it cannot see yet
            Sql.list(c, NOTIFY, r -> null, (Object) queues.toArray(String[]::new));
        }
    }

    @Override
    public List<Inserted> insertImported(List<ImportedJob> jobs) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return List.of();
        }
        return db.writeJdbc(c -> {
            List<Inserted> out = new ArrayList<>(jobs.size());
            Set<String> queues = new LinkedHashSet<>();
            for (ImportedJob imported : jobs) {
                Optional<Job> same = byRef(c, imported.externalRef());
                if (same.isPresent()) {
                    out.add(new Inserted(same.get(), false));
                    continue;
                }
                store(c, imported.job());
                out.add(new Inserted(imported.job(), true));
                if (imported.job().state() == JobState.PENDING) {
                    queues.add(imported.job().queue().value());
                }
            }
            notifyQueues(c, queues);
            return out;
        });
    }

    /** Inserts a job as it stands; a lease is never stored this way (only claims make leases). */
    private static void store(Connection c, Job job) throws SQLException {
        Sql.update(c, INSERT, job.id().value(), job.queue().value(), job.type().value(), job.payload().json(),
                job.priority(), job.state().name(), job.attempts(), job.maxAttempts(), EpochTime.micros(job.runAt()),
                job.progress().percent(), job.progress().message(), job.cancelRequested(),
                job.result().map(JsonText::json).orElse(null), job.lastError().orElse(null), EpochTime.micros(job.createdAt()),
                job.startedAt().map(EpochTime::micros).orElse(null), job.finishedAt().map(EpochTime::micros).orElse(null),
                job.estimatedDuration().map(EpochTime::micros).orElse(null), job.dedupKey().orElse(null),
                job.externalRef().orElse(null));
    }

    @Override
    public Optional<Job> findByExternalRef(String externalRef) {
        Objects.requireNonNull(externalRef, "externalRef");
        return db.readJdbc(c -> byRef(c, externalRef));
    }

    private static Optional<Job> byRef(Connection c, String ref) throws SQLException {
        return Sql.first(c, FIND_BY_REF, PgJobRows::read, ref);
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
        // far below its limit a queue is claimed in lanes, side by side; near it, claims take turns.
        // Each way is one round trip: its two statements go together, and the server commits them
        // (releasing the locks) at the end of it.
        Integer limit = limits.get(queue.value());
        boolean lanes = limit == null || limit >= CLAIM_LANES * CLAIM_LANE_JOBS;
        if (lanes) {
            Claimed inLane = db.writeAlone(c -> claimOnce(c, false, queue, worker, max, now, leaseOverride));
            if (inLane.settled()) {
                return inLane.jobs();
            }
        }
        // claims of one queue take turns counting its running jobs; other queues' claims, enqueues
        // and completions do not wait for it
        Claimed inTurn = db.writeAlone(c -> claimOnce(c, true, queue, worker, max, now, leaseOverride));
        if (inTurn.settled()) {
            return inTurn.jobs();
        }
        // the driver split the round trip, so the lock was gone when the claim statement ran, which
        // then claimed nothing: take turns in a transaction of our own, which a split cannot end
        return db.writeJdbc(c -> claimOnce(c, true, queue, worker, max, now, leaseOverride)).jobs();
    }

    /**
     * What one claim found: the queue's settings and running jobs as counted under its lock, what
     * its claim statement saw held ({@link #HELD}), and the jobs claimed.
     */
    private record Claimed(QueueSettings settings, long running, String held, List<Job> jobs) {
        /**
         * False when the claim could not go ahead and claimed nothing: in a lane, every lane was
         * taken or the queue was too close to its limit for a lane to be safe (the caller takes
         * turns); or the claim statement ran outside its lock statement's transaction.
         *
         * <p>Why the limit holds in lanes: a claim in a lane sees every claim committed before its
         * count (the count's statement starts after the locks), and of the claims not committed by
         * then at most one a lane is still open, each holding at most {@link #CLAIM_LANE_JOBS} jobs.
         * A lane claim therefore goes ahead only when running + {@code CLAIM_LANES} x
         * {@code CLAIM_LANE_JOBS} stays within the limit. A claim that takes turns holds the queue's
         * lock alone, so it waits for every lane claim to commit and counts them all; lane claims
         * wait for it in turn.
         */
        boolean settled() {
            return settings.paused() || held.equals("turn")
                    || (!held.isEmpty() && running + (long) CLAIM_LANES * CLAIM_LANE_JOBS <= settings.maxConcurrency());
        }
    }

    /** One claim, in a lane or taking its turn, as {@link #CLAIM_IN_LANE} or {@link #CLAIM_IN_TURN}. */
    private Claimed claimOnce(Connection c, boolean turn, QueueName queue, WorkerId worker, int max, Instant now,
                              Optional<Duration> leaseOverride) throws SQLException {
        int key = queue.value().hashCode();
        QueueSettings defaults = QueueSettings.defaults(queue);
        long at = EpochTime.micros(now);
        long[] running = new long[1];
        String[] held = new String[1];
        QueueSettings[] settings = new QueueSettings[1];
        List<Job> claimed = new ArrayList<>();
        Object[] lock = turn ? new Object[] {CLAIM_LOCK_SPACE, key} : new Object[] {CLAIM_LOCK_SPACE, key, key};
        Sql.results(c, turn ? CLAIM_IN_TURN : CLAIM_IN_LANE, (index, r) -> {
            if (index == 0) {
                return;
            }
            while (r.next()) {
                if (settings[0] == null) {
                    running[0] = r.getLong(9);
                    held[0] = r.getString(10);
                    r.getBoolean(1);
                    settings[0] = r.wasNull() ? defaults : settings(queue, r);
                }
                r.getString(CLAIM_SETTINGS_COLUMNS + 1);
                if (!r.wasNull()) {
                    claimed.add(PgJobRows.read(r, CLAIM_SETTINGS_COLUMNS));
                }
            }
        }, concat(lock, queue.value(), queue.value(), max, defaults.maxConcurrency(), defaults.maxConcurrency(), max,
                leaseOverride.map(EpochTime::micros).orElse(0L), EpochTime.micros(defaults.leaseDuration()),
                new LeaseId(ids.next()).value(), worker.value(), at, at, queue.value(), at));
        if (settings[0] == null) {
            throw new IllegalStateException("the claim statement returned no settings row for queue '" + queue + "'");
        }
        limits.put(queue.value(), settings[0].maxConcurrency());
        claimed.sort(CLAIM_ORDER);
        return new Claimed(settings[0], running[0], held[0], claimed);
    }

    private static Object[] concat(Object[] first, Object... rest) {
        Object[] all = java.util.Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    @Override
    public Job heartbeat(JobId job, LeaseId lease, Instant now, Optional<Progress> progress) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(progress, "progress");
        // one statement: the server commits it; the read after a refusal only says why
        return db.writeAlone(c -> Sql.first(c, HEARTBEAT, PgJobRows::read, EpochTime.micros(now),
                        progress.map(Progress::percent).orElse(null), progress.map(Progress::message).orElse(null),
                        job.value(), lease.value())
                .orElseThrow(() -> notCurrent(c, job, lease)));
    }

    @Override
    public Job complete(JobId job, LeaseId lease, Optional<JsonText> result, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        return db.writeAlone(c -> completeOne(c, job, lease, result, now).orElseThrow(() -> notCurrent(c, job, lease)));
    }

    private static Optional<Job> completeOne(Connection c, JobId job, LeaseId lease, Optional<JsonText> result,
                                             Instant now) throws SQLException {
        return Sql.first(c, COMPLETE, PgJobRows::read, result.map(JsonText::json).orElse(null), EpochTime.micros(now),
                job.value(), lease.value());
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
        // one statement for distinct jobs, committed by the server at once; named twice, one by one in a transaction
        return repeats ? db.writeJdbc(c -> completeOneByOne(c, completions, now))
                : db.writeAlone(c -> completeTogether(c, completions, now));
    }

    /** One statement for every completion; each row it did not return was refused. */
    private static List<CompletionOutcome> completeTogether(Connection c, List<Completion> completions, Instant now)
            throws SQLException {
        int n = completions.size();
        String[] id = new String[n];
        String[] lease = new String[n];
        String[] result = new String[n];
        for (int i = 0; i < n; i++) {
            Completion done = completions.get(i);
            id[i] = done.job().value();
            lease[i] = done.lease().value();
            result[i] = done.result().map(JsonText::json).orElse(null);
        }
        Map<JobId, CompletedJob> done = new HashMap<>();
        for (CompletedJob j : Sql.list(c, COMPLETE_MANY, PgJobRows::readCompleted, EpochTime.micros(now), id, lease, result)) {
            done.put(j.id(), j);
        }
        List<CompletionOutcome> outcomes = new ArrayList<>(n);
        for (Completion completion : completions) {
            CompletedJob j = done.get(completion.job());
            outcomes.add(j != null ? CompletionOutcome.completed(j) : refused(c, completion));
        }
        return outcomes;
    }

    /** In order, so that a job named twice gets the answers two calls would get. */
    private static List<CompletionOutcome> completeOneByOne(Connection c, List<Completion> completions, Instant now)
            throws SQLException {
        List<CompletionOutcome> outcomes = new ArrayList<>(completions.size());
        for (Completion completion : completions) {
            Optional<Job> done = completeOne(c, completion.job(), completion.lease(), completion.result(), now);
            outcomes.add(done.isPresent() ? CompletionOutcome.completed(CompletedJob.of(done.get()))
                    : refused(c, completion));
        }
        return outcomes;
    }

    private static CompletionOutcome refused(Connection c, Completion completion) {
        RuntimeException why = notCurrent(c, completion.job(), completion.lease());
        if (why instanceof StowageException known) {
            return CompletionOutcome.refused(completion.job(), known);
        }
        throw why;
    }

    @Override
    public Job fail(JobId job, LeaseId lease, String error, Instant now, double jitterSample) {
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(now, "now");
        return db.writeJdbc(c -> {
            Job j = current(c, job, lease);
            JobTransition change = JobTransition.of(j).lastError(error);
            if (j.cancelRequested()) {
                change.finish(JobState.CANCELLED, now);
            } else if (j.attemptsLeft()) {
                BackoffPolicy backoff = settingsOn(c, j.queue()).backoff();
                change.requeue(now.plus(backoff.delayAfter(j.attempts(), jitterSample)));
            } else {
                change.finish(JobState.FAILED, now);
            }
            return write(c, change);
        });
    }

    @Override
    public Job release(JobId job, LeaseId lease, Instant now) {
        Objects.requireNonNull(now, "now");
        return db.writeJdbc(c -> {
            Job j = current(c, job, lease);
            JobTransition change = JobTransition.of(j).attempts(Math.max(0, j.attempts() - 1));
            if (j.cancelRequested()) {
                change.finish(JobState.CANCELLED, now);
            } else {
                change.requeue(now);
            }
            return write(c, change);
        });
    }

    /** The job, locked, if {@code lease} is its current lease. */
    private static Job current(Connection c, JobId job, LeaseId lease) throws SQLException {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(lease, "lease");
        Job j = existing(c, job, true);
        boolean held = j.state() == JobState.RUNNING && j.lease().map(l -> l.id().equals(lease)).orElse(false);
        if (!held) {
            throw leaseLost(job, lease);
        }
        return j;
    }

    /** Why a statement guarded by {@code lease} changed nothing: the job is missing, or the lease is not current. */
    private static RuntimeException notCurrent(Connection c, JobId job, LeaseId lease) {
        try {
            existing(c, job, false);
        } catch (SQLException e) {
            return PgErrors.sneaky(e);
        } catch (NotFoundException e) {
            return e;
        }
        return leaseLost(job, lease);
    }

    private static LeaseLostException leaseLost(JobId job, LeaseId lease) {
        return new LeaseLostException("lease '" + lease + "' on job '" + job + "' is no longer current");
    }

    private static Job existing(Connection c, JobId job, boolean lock) throws SQLException {
        return Sql.first(c, lock ? FIND_FOR_UPDATE : FIND, PgJobRows::read, job.value())
                .orElseThrow(() -> NotFoundException.of("job", job));
    }

    // ---- administration

    @Override
    public Job cancel(JobId job, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(now, "now");
        return db.writeJdbc(c -> {
            Job j = existing(c, job, true);
            return switch (j.state()) {
                case CANCELLED -> j;
                case COMPLETED, FAILED -> throw new ConflictException("job '" + job + "' is " + j.state()
                        + " and cannot be cancelled");
                case RUNNING -> write(c, JobTransition.of(j).requestCancel());
                case PENDING -> write(c, JobTransition.of(j).finish(JobState.CANCELLED, now));
            };
        });
    }

    @Override
    public Job retry(JobId job, Instant now) {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(now, "now");
        return db.writeJdbc(c -> {
            Job j = existing(c, job, true);
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                throw new ConflictException("job '" + job + "' is " + j.state()
                        + "; only FAILED or CANCELLED jobs can be retried");
            }
            return write(c, JobTransition.of(j).retry(now));
        });
    }

    // ---- bulk: one transaction per call, each job locked and changed as its single-job method would

    @Override
    public List<Job> retryAll(List<JobId> jobs, Instant now) {
        Objects.requireNonNull(now, "now");
        return eachListed(jobs, (c, j) -> {
            if (j.state() != JobState.FAILED && j.state() != JobState.CANCELLED) {
                return null;
            }
            // a clash with an unfinished job holding the same dedup key would undo the whole batch
            if (j.dedupKey().isPresent() && Sql.first(c, FIND_BY_DEDUP, PgJobRows::read, j.queue().value(),
                    j.dedupKey().get()).isPresent()) {
                return null;
            }
            return write(c, JobTransition.of(j).retry(now));
        });
    }

    @Override
    public List<Job> cancelAll(List<JobId> jobs, Instant now) {
        Objects.requireNonNull(now, "now");
        return eachListed(jobs, (c, j) -> switch (j.state()) {
            case PENDING -> write(c, JobTransition.of(j).finish(JobState.CANCELLED, now));
            case RUNNING -> j.cancelRequested() ? null : write(c, JobTransition.of(j).requestCancel());
            case CANCELLED, COMPLETED, FAILED -> null;
        });
    }

    @Override
    public List<Job> deleteAll(List<JobId> jobs) {
        return eachListed(jobs, (c, j) -> {
            if (!j.state().isTerminal()) {
                return null;
            }
            Sql.update(c, "DELETE FROM jobs WHERE id = ?", j.id().value());
            return j;
        });
    }

    /** What a bulk method does to one job it found (locked): the job as reported, or null to leave it out. */
    private interface BulkStep {
        Job apply(Connection c, Job job) throws SQLException;
    }

    private List<Job> eachListed(List<JobId> jobs, BulkStep step) {
        Objects.requireNonNull(jobs, "jobs");
        if (jobs.isEmpty()) {
            return List.of();
        }
        var unique = new java.util.LinkedHashSet<>(jobs);
        return db.writeJdbc(c -> {
            List<Job> out = new ArrayList<>(unique.size());
            for (JobId id : unique) {
                Optional<Job> j = Sql.first(c, FIND_FOR_UPDATE, PgJobRows::read, id.value());
                if (j.isPresent()) {
                    Job changed = step.apply(c, j.get());
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
        return db.writeJdbc(c -> {
            List<Job> expired = Sql.list(c, EXPIRED, PgJobRows::read, EpochTime.micros(now), limit);
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
                write(c, change);
            }
            return new Recovery(requeued, failed, cancelled);
        });
    }

    // ---- reading

    @Override
    public Optional<Job> find(JobId job) {
        Objects.requireNonNull(job, "job");
        return db.readJdbc(c -> Sql.first(c, FIND, PgJobRows::read, job.value()));
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
        return history.count(filter);
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
        return db.readJdbc(c -> Sql.first(c, NEXT_DUE, r -> Sql.longOrNull(r, 1), queue.value()).map(EpochTime::instantOfMicros));
    }

    @Override
    public int deleteFinishedBefore(Instant cutoff, int batchSize) {
        Objects.requireNonNull(cutoff, "cutoff");
        if (batchSize <= 0) {
            return 0;
        }
        return db.writeJdbc(c -> Sql.update(c, DELETE_FINISHED, EpochTime.micros(cutoff), batchSize));
    }

    // ---- settings

    @Override
    public QueueSettings settings(QueueName queue) {
        Objects.requireNonNull(queue, "queue");
        return db.readJdbc(c -> settingsOn(c, queue));
    }

    private static QueueSettings settingsOn(Connection c, QueueName queue) throws SQLException {
        return Sql.first(c, SETTINGS, r -> settings(queue, r), queue.value()).orElseGet(() -> QueueSettings.defaults(queue));
    }

    /** Settings from the first eight columns of {@code r}, in {@link #SETTINGS}' order. */
    private static QueueSettings settings(QueueName queue, java.sql.ResultSet r) throws SQLException {
        return new QueueSettings(queue, r.getBoolean(1), r.getInt(2), r.getInt(3),
                new BackoffPolicy(EpochTime.durationOfMicros(r.getLong(4)), r.getDouble(5), EpochTime.durationOfMicros(r.getLong(6)),
                        r.getDouble(7)),
                EpochTime.durationOfMicros(r.getLong(8)));
    }

    @Override
    public void saveSettings(QueueSettings settings) {
        Objects.requireNonNull(settings, "settings");
        db.writeJdbc(c -> {
            Sql.update(c, SAVE_SETTINGS, settings.queue().value(), settings.paused(), settings.maxConcurrency(),
                    settings.defaultMaxAttempts(), EpochTime.micros(settings.backoff().initial()),
                    settings.backoff().multiplier(), EpochTime.micros(settings.backoff().max()), settings.backoff().jitter(),
                    EpochTime.micros(settings.leaseDuration()));
            // a resumed queue, or one with more room, may have work for idle workers elsewhere
            notifyQueues(c, Set.of(settings.queue().value()));
            return null;
        });
    }

    @Override
    public List<QueueName> queues() {
        return history.queues();
    }

    /** Writes {@code t} with the transition statement, guarded by the state it was worked out from. */
    private Job write(Connection c, JobTransition t) throws SQLException {
        Job written = Sql.first(c, TRANSITION, PgJobRows::read, t.state().name(), t.attempts(), EpochTime.micros(t.runAt()),
                        t.cancelRequested(), t.result().map(JsonText::json).orElse(null), t.lastError().orElse(null),
                        t.finishedAt().map(EpochTime::micros).orElse(null), t.keepsLease(), t.keepsLease(), t.keepsLease(), t.keepsLease(),
                        t.from().id().value(), t.from().state().name())
                .orElseThrow(() -> new IllegalStateException("job '" + t.from().id() + "' changed while locked"));
        if (t.state() == JobState.PENDING) {
            // back to pending: idle workers of other processes may take it now
            notifyQueues(c, Set.of(t.from().queue().value()));
        }
        return written;
    }
}
