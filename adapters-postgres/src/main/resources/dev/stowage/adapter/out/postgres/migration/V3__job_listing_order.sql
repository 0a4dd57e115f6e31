-- The job listing's order, newest first, moves out of `jobs` into a table that never changes.
--
-- Why: a job's row is written three times (pending, running, finished), and a change of `state`
-- (in every partial index's predicate) is never a HOT update, so each version wrote a new entry into
-- both listing indexes, (created_at, id) and (queue, created_at, id): six entries a job, on the
-- queue's hottest statements (claim, completion). Here a job gets its two entries once, when it is
-- inserted. Measured with `pg-cost`: the queue's statements cost a fifth less per job.
--
-- The table holds exactly one row per job: statement-level triggers on `jobs` add the rows every
-- insert adds and remove those every delete or truncate removes, whoever writes (the stores,
-- `db copy`, an operator's SQL). A job's id, queue and creation time never change.

CREATE TABLE job_order (
    id         TEXT COLLATE "C" NOT NULL,
    queue      TEXT COLLATE "C" NOT NULL,
    created_at BIGINT NOT NULL
);
INSERT INTO job_order (id, queue, created_at) SELECT id, queue, created_at FROM jobs;
-- the listing, newest first, without and with a queue; the first also finds a row to remove
CREATE INDEX job_order_created ON job_order (created_at, id);
CREATE INDEX job_order_queue_created ON job_order (queue, created_at, id);

CREATE FUNCTION job_order_added() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO job_order (id, queue, created_at) SELECT id, queue, created_at FROM added;
    RETURN NULL;
END $$;

CREATE FUNCTION job_order_removed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_order AS o USING removed AS r WHERE o.created_at = r.created_at AND o.id = r.id;
    RETURN NULL;
END $$;

-- a DELETE, not a TRUNCATE: the TRUNCATE that fired it may be truncating job_order too (`db copy --replace`)
CREATE FUNCTION job_order_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM job_order;
    RETURN NULL;
END $$;

CREATE FUNCTION job_order_fixed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.id IS DISTINCT FROM OLD.id OR NEW.queue IS DISTINCT FROM OLD.queue
            OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        RAISE EXCEPTION 'a job''s id, queue and creation time never change (job %)', OLD.id;
    END IF;
    RETURN NEW;
END $$;

CREATE TRIGGER jobs_order_added AFTER INSERT ON jobs REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION job_order_added();
CREATE TRIGGER jobs_order_removed AFTER DELETE ON jobs REFERENCING OLD TABLE AS removed
    FOR EACH STATEMENT EXECUTE FUNCTION job_order_removed();
CREATE TRIGGER jobs_order_emptied AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION job_order_emptied();
-- fires only for an UPDATE that names one of these columns, which no statement of Stowage does
CREATE TRIGGER jobs_order_fixed BEFORE UPDATE OF id, queue, created_at ON jobs
    FOR EACH ROW EXECUTE FUNCTION job_order_fixed();

DROP INDEX jobs_created;
DROP INDEX jobs_queue_created;
