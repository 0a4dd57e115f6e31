-- Fewer index writes per job. Every state change of a job moves its entry in each partial index
-- whose predicate it enters or leaves, and that upkeep was most of a job's cost in the writer:
--
--   jobs_due held every pending job, so every enqueue and every claim paid for it; only the jobs
--   put off to a later run-at (scheduled, or backing off after a failure) are ever waited for, so
--   now only they are in it. A job due when enqueued has run_at = created_at and stays out.
--
--   jobs_running (queue) and jobs_lease_expiry (lease_expires_at, id) indexed the same rows, so
--   each claim and each completion paid for two; one index on (queue, lease_expires_at) counts a
--   queue's running jobs as before, and recovery reads its expired leases from the same index,
--   whose entries number no more than the jobs running at once.
--
-- (V7, not V4: a database already at V6 must be able to take it. V4 and V5, once kept for
-- programs and backups, stay unused; those take the next free versions.)

DROP INDEX jobs_due;
CREATE INDEX jobs_due ON jobs (queue, run_at) WHERE state = 'PENDING' AND run_at > created_at;

DROP INDEX jobs_lease_expiry;
DROP INDEX jobs_running;
CREATE INDEX jobs_running ON jobs (queue, lease_expires_at) WHERE state = 'RUNNING';
