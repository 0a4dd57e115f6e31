-- Stowage on PostgreSQL, part 1: the shared foundation and the job queue (jobs, per-queue settings,
-- job templates). Documents, uploads, tokens, programs and the backup catalog come in later scripts.
--
-- Same model as the SQLite schema, so that both backends give the same answers and `db copy` moves
-- rows unchanged: every instant and duration is BIGINT microseconds (instants since the Unix
-- epoch), ids and names are text. Text that is sorted on (ids are ULIDs, names) is COLLATE "C":
-- byte order, as SQLite sorts, whatever collation the database was created with.

-- Small facts about this database that outlive one process.
CREATE TABLE stowage_meta (
    key   TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(key) BETWEEN 1 AND 200),
    value TEXT NOT NULL
);

CREATE TABLE jobs (
    id                 TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(id) = 26),
    queue              TEXT COLLATE "C" NOT NULL CHECK (length(queue) BETWEEN 1 AND 64),
    type               TEXT    NOT NULL CHECK (length(type) BETWEEN 1 AND 128),
    payload            TEXT    NOT NULL,
    priority           INTEGER NOT NULL CHECK (priority BETWEEN -1000 AND 1000),
    state              TEXT    NOT NULL CHECK (state IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    attempts           INTEGER NOT NULL CHECK (attempts >= 0),
    max_attempts       INTEGER NOT NULL CHECK (max_attempts >= 1),
    run_at             BIGINT  NOT NULL,
    -- the lease: all four set exactly while RUNNING
    lease_id           TEXT,
    lease_worker       TEXT,
    lease_expires_at   BIGINT,
    lease_duration     BIGINT,
    progress_pct       INTEGER NOT NULL DEFAULT 0 CHECK (progress_pct BETWEEN 0 AND 100),
    progress_msg       TEXT    NOT NULL DEFAULT '',
    cancel_requested   BOOLEAN NOT NULL DEFAULT FALSE,
    result             TEXT,
    last_error         TEXT,
    created_at         BIGINT  NOT NULL,
    started_at         BIGINT,
    finished_at        BIGINT,
    estimated_duration BIGINT CHECK (estimated_duration >= 0),
    dedup_key          TEXT,
    external_ref       TEXT,
    CHECK ((state = 'RUNNING') = (lease_id IS NOT NULL AND lease_worker IS NOT NULL
                                  AND lease_expires_at IS NOT NULL AND lease_duration IS NOT NULL))
);

-- claim: a queue's pending jobs in hand-out order (priority, then oldest); run_at rides along so
-- that jobs not yet due are skipped inside the index.
CREATE INDEX jobs_claim ON jobs (queue, priority DESC, id, run_at) WHERE state = 'PENDING';

-- next due: only jobs put off past their creation (scheduled, or backing off) are ever waited for.
CREATE INDEX jobs_due ON jobs (queue, run_at) WHERE state = 'PENDING' AND run_at > created_at;

-- max concurrency (running jobs per queue) and recovery (expired leases): one small index, as
-- many entries as jobs running at once.
CREATE INDEX jobs_running ON jobs (queue, lease_expires_at) WHERE state = 'RUNNING';

-- dedup: enqueue is idempotent on the key among a queue's unfinished jobs; the index also makes a
-- concurrent duplicate from another connection fail instead of slipping in.
CREATE UNIQUE INDEX jobs_dedup ON jobs (queue, dedup_key)
    WHERE dedup_key IS NOT NULL AND state IN ('PENDING', 'RUNNING');

-- legacy import: one job per external ref.
CREATE UNIQUE INDEX jobs_external_ref ON jobs (external_ref) WHERE external_ref IS NOT NULL;

-- history, newest first, with and without a queue.
CREATE INDEX jobs_created ON jobs (created_at, id);
CREATE INDEX jobs_queue_created ON jobs (queue, created_at, id);

-- retention (oldest finished first) and stats over a window.
CREATE INDEX jobs_finished ON jobs (finished_at, queue, state, started_at)
    WHERE state IN ('COMPLETED', 'FAILED', 'CANCELLED');

-- a queue's saved settings; a queue without a row behaves as the defaults
CREATE TABLE queue_settings (
    queue                TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(queue) BETWEEN 1 AND 64),
    paused               BOOLEAN          NOT NULL,
    max_concurrency      INTEGER          NOT NULL CHECK (max_concurrency >= 1),
    default_max_attempts INTEGER          NOT NULL CHECK (default_max_attempts >= 1),
    backoff_initial      BIGINT           NOT NULL CHECK (backoff_initial >= 0),
    backoff_multiplier   DOUBLE PRECISION NOT NULL,
    backoff_max          BIGINT           NOT NULL,
    backoff_jitter       DOUBLE PRECISION NOT NULL,
    lease_duration       BIGINT           NOT NULL CHECK (lease_duration > 0)
);

CREATE TABLE job_templates (
    name               TEXT COLLATE "C" NOT NULL PRIMARY KEY CHECK (length(name) BETWEEN 1 AND 128),
    description        TEXT    NOT NULL,
    queue              TEXT    NOT NULL,
    type               TEXT    NOT NULL,
    payload            TEXT    NOT NULL,
    priority           INTEGER NOT NULL,
    max_attempts       INTEGER,
    estimated_duration BIGINT,
    created_by         TEXT,
    created_at         BIGINT  NOT NULL,
    updated_at         BIGINT  NOT NULL
);
