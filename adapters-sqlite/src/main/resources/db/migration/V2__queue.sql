-- The job queue: jobs, per-queue settings, job templates.
--
-- Every instant and duration is INTEGER microseconds (instants since the Unix epoch): fine enough
-- for the JVM clock on Linux and for imported durations, and plain integers compare and subtract
-- in SQL (stats, lease expiry) without date functions.
--
-- Index design, per write path (each index costs every job a b-tree change on the transitions
-- that touch its columns, so there are only as many as the hot queries need):
--   enqueue   -> jobs_claim, jobs_due, jobs_created, jobs_queue_created (+ dedup/external ref when set)
--   claim     -> out of jobs_claim/jobs_due, into jobs_running/jobs_lease_expiry
--   complete  -> out of jobs_running/jobs_lease_expiry, into jobs_finished
-- State names in partial-index predicates are matched literally by the planner, so the queries
-- write them as literals, never as bound values.

CREATE TABLE jobs (
    id                 TEXT    NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    queue              TEXT    NOT NULL CHECK (length(queue) BETWEEN 1 AND 64),
    type               TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 128),
    payload            TEXT    NOT NULL,
    priority           INTEGER NOT NULL CHECK (priority BETWEEN -1000 AND 1000),
    state              TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    attempts           INTEGER NOT NULL CHECK (attempts >= 0),
    max_attempts       INTEGER NOT NULL CHECK (max_attempts >= 1),
    run_at             INTEGER NOT NULL,
    -- the lease: all four set exactly while RUNNING
    lease_id           TEXT,
    lease_worker       TEXT,
    lease_expires_at   INTEGER,
    lease_duration     INTEGER,
    progress_pct       INTEGER NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
    progress_msg       TEXT    NOT NULL DEFAULT '',
    cancel_requested   INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
    result             TEXT,
    last_error         TEXT,
    created_at         INTEGER NOT NULL,
    started_at         INTEGER,
    finished_at        INTEGER,
    estimated_duration INTEGER CHECK (estimated_duration >= 0),
    dedup_key          TEXT,
    external_ref       TEXT,
    CHECK ((state = 'RUNNING') = (lease_id IS NOT NULL AND lease_worker IS NOT NULL
                                  AND lease_expires_at IS NOT NULL AND lease_duration IS NOT NULL))
) STRICT;

-- claim: a queue's pending jobs in hand-out order (priority, then oldest). run_at rides along so
-- that jobs not yet due are skipped inside the index, without reading their rows.
CREATE INDEX jobs_claim ON jobs (queue, priority DESC, id, run_at) WHERE state = 'PENDING';

-- next due: the earliest run-at of a queue's pending jobs, one seek even behind many delayed jobs.
CREATE INDEX jobs_due ON jobs (queue, run_at) WHERE state = 'PENDING';

-- max concurrency: running jobs per queue, counted inside the index.
CREATE INDEX jobs_running ON jobs (queue) WHERE state = 'RUNNING';

-- recovery: expired leases across all queues, soonest first (id breaks ties without a sort).
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at, id) WHERE state = 'RUNNING';

-- dedup: enqueue is idempotent on the key among a queue's unfinished jobs; the index also makes a
-- concurrent duplicate (from another process) fail instead of slipping in.
CREATE UNIQUE INDEX jobs_dedup ON jobs (queue, dedup_key)
    WHERE dedup_key IS NOT NULL AND state IN ('PENDING', 'RUNNING');

-- legacy import: one job per external ref.
CREATE UNIQUE INDEX jobs_external_ref ON jobs (external_ref) WHERE external_ref IS NOT NULL;

-- history, newest first, with and without a queue; state and type filter the rows read in order.
-- (An index per state would move an entry on every transition, taxing every job to speed up a
-- listing.)
CREATE INDEX jobs_created ON jobs (created_at, id);
CREATE INDEX jobs_queue_created ON jobs (queue, created_at, id);

-- retention (oldest finished first) and stats over a window; queue, state and started_at make the
-- window figures index-only.
CREATE INDEX jobs_finished ON jobs (finished_at, queue, state, started_at)
    WHERE state IN ('COMPLETED', 'FAILED', 'CANCELLED');

-- a queue's saved settings; a queue without a row behaves as the defaults
CREATE TABLE queue_settings (
    queue                TEXT    NOT NULL PRIMARY KEY CHECK (length(queue) BETWEEN 1 AND 64),
    paused               INTEGER NOT NULL CHECK (paused IN (0, 1)),
    max_concurrency      INTEGER NOT NULL CHECK (max_concurrency >= 1),
    default_max_attempts INTEGER NOT NULL CHECK (default_max_attempts >= 1),
    backoff_initial      INTEGER NOT NULL CHECK (backoff_initial >= 0),
    backoff_multiplier   REAL    NOT NULL,
    backoff_max          INTEGER NOT NULL,
    backoff_jitter       REAL    NOT NULL,
    lease_duration       INTEGER NOT NULL CHECK (lease_duration > 0)
) STRICT, WITHOUT ROWID;

CREATE TABLE job_templates (
    name               TEXT    NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 128),
    description        TEXT    NOT NULL,
    queue              TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    payload            TEXT    NOT NULL,
    priority           INTEGER NOT NULL,
    max_attempts       INTEGER,
    estimated_duration INTEGER,
    created_by         TEXT,
    created_at         INTEGER NOT NULL,
    updated_at         INTEGER NOT NULL
) STRICT;
