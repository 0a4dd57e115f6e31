package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.QUEUE_SETTINGS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectFrom;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.update;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;

/**
 * The queue's fixed statements, each rendered once (see {@link HotSql}). Instants and durations are
 * bound as microseconds ({@link dev.stowage.domain.common.EpochTime}).
 *
 * <p>State names are inlined, never bound: the partial indexes name them literally and SQLite only
 * uses such an index when the query names the same literal.
 */
final class JobStatements {
    static final Field<String> PENDING = inline("PENDING");
    static final Field<String> RUNNING = inline("RUNNING");
    static final Condition IS_PENDING = JOBS.STATE.eq(PENDING);
    static final Condition IS_RUNNING = JOBS.STATE.eq(RUNNING);
    static final Condition IS_UNFINISHED = JOBS.STATE.in(PENDING, RUNNING);
    static final Condition IS_FINISHED = JOBS.STATE.in(inline("COMPLETED"), inline("FAILED"), inline("CANCELLED"));

    private static Field<Long> micros(String name) {
        return param(name, Long.class);
    }

    /** A literal NULL: {@code setNull} would bind it as an unnamed parameter. */
    private static <T> Field<T> none(Field<T> column) {
        return inline(null, column);
    }

    private static Field<String> text(String name) {
        return param(name, String.class);
    }

    static final HotSql INSERT = HotSql.of("insert job", DSL.insertInto(JOBS)
            .set(JOBS.ID, text("id")).set(JOBS.QUEUE, text("queue")).set(JOBS.TYPE, text("type"))
            .set(JOBS.PAYLOAD, text("payload")).set(JOBS.PRIORITY, param("priority", Long.class))
            .set(JOBS.STATE, text("state")).set(JOBS.ATTEMPTS, param("attempts", Long.class))
            .set(JOBS.MAX_ATTEMPTS, param("max_attempts", Long.class)).set(JOBS.RUN_AT, micros("run_at"))
            .set(JOBS.PROGRESS_PCT, param("progress_pct", Long.class)).set(JOBS.PROGRESS_MSG, text("progress_msg"))
            .set(JOBS.CANCEL_REQUESTED, param("cancel_requested", Long.class)).set(JOBS.RESULT, text("result"))
            .set(JOBS.LAST_ERROR, text("last_error")).set(JOBS.CREATED_AT, micros("created_at"))
            .set(JOBS.STARTED_AT, micros("started_at")).set(JOBS.FINISHED_AT, micros("finished_at"))
            .set(JOBS.ESTIMATED_DURATION, micros("estimated_duration")).set(JOBS.DEDUP_KEY, text("dedup_key"))
            .set(JOBS.EXTERNAL_REF, text("external_ref")));

    /**
     * Many new pending jobs in one run: a JSON array of {@code [id, queue, type, payload, priority,
     * max_attempts, run_at, created_at, estimated_duration]} rows, inserted in array order. For jobs
     * without a dedup key or external ref, which need no lookup first.
     */
    static final HotSql INSERT_MANY = insertMany();

    private static HotSql insertMany() {
        Field<String> row = field(name("r", "value"), String.class);
        Table<?> rows = table("json_each({0})", text("jobs")).as("r");
        return HotSql.of("insert jobs", DSL.insertInto(JOBS, JOBS.ID, JOBS.QUEUE, JOBS.TYPE, JOBS.PAYLOAD, JOBS.PRIORITY,
                        JOBS.STATE, JOBS.ATTEMPTS, JOBS.MAX_ATTEMPTS, JOBS.RUN_AT, JOBS.PROGRESS_PCT, JOBS.PROGRESS_MSG,
                        JOBS.CANCEL_REQUESTED, JOBS.CREATED_AT, JOBS.ESTIMATED_DURATION)
                .select(select(at(row, 0, String.class), at(row, 1, String.class), at(row, 2, String.class),
                        at(row, 3, String.class), at(row, 4, Long.class), PENDING, inline(0L), at(row, 5, Long.class),
                        at(row, 6, Long.class), inline(0L), inline(""), inline(0L), at(row, 7, Long.class),
                        at(row, 8, Long.class))
                        .from(rows)));
    }

    /** {@code row ->> index}: one value of a JSON array row, as SQL text or integer. */
    private static <T> Field<T> at(Field<String> row, int index, Class<T> type) {
        return field("({0} ->> {1})", type, row, inline(index));
    }

    static final HotSql FIND = HotSql.of("find job", select(JobRows.PACKED).from(JOBS).where(JOBS.ID.eq(text("id"))));

    static final HotSql FIND_BY_REF = HotSql.of("find job by external ref",
            select(JobRows.PACKED).from(JOBS).where(JOBS.EXTERNAL_REF.eq(text("ref"))));

    static final HotSql FIND_BY_DEDUP = HotSql.of("find unfinished job by dedup key",
            select(JobRows.PACKED).from(JOBS)
                    .where(JOBS.QUEUE.eq(text("queue")).and(JOBS.DEDUP_KEY.eq(text("key"))).and(IS_UNFINISHED)));

    static final HotSql SETTINGS = HotSql.of("queue settings",
            selectFrom(QUEUE_SETTINGS).where(QUEUE_SETTINGS.QUEUE.eq(text("queue"))));

    static final HotSql RUNNING_COUNT = HotSql.of("running jobs of a queue",
            select(count()).from(JOBS).where(JOBS.QUEUE.eq(text("queue")).and(IS_RUNNING)));

    static final HotSql CLAIM = claim();

    /**
     * Due jobs of a queue in hand-out order, up to a limit, each made {@code RUNNING} under the
     * claim's lease. One lease id serves every job of one claim: a lease only has to differ from every
     * earlier lease of the same job, which a fresh id per claim gives, and one id spares the statement
     * numbering its rows. The rows come back in no set order; the caller sorts them.
     */
    private static HotSql claim() {
        // unary plus keeps run_at out of index selection: otherwise the planner prefers the
        // (queue, run_at) range of jobs_due and then sorts every due job by priority
        Condition due = field("+{0}", Long.class, JOBS.RUN_AT).le(micros("now"));
        return HotSql.of("claim", update(JOBS)
                .set(JOBS.STATE, RUNNING)
                .set(JOBS.ATTEMPTS, JOBS.ATTEMPTS.plus(inline(1L)))
                .set(JOBS.LEASE_ID, text("lease"))
                .set(JOBS.LEASE_WORKER, text("worker"))
                .set(JOBS.LEASE_EXPIRES_AT, micros("expires_at"))
                .set(JOBS.LEASE_DURATION, micros("lease_duration"))
                .set(JOBS.PROGRESS_PCT, inline(0L))
                .set(JOBS.PROGRESS_MSG, inline(""))
                .set(JOBS.STARTED_AT, micros("now"))
                .set(JOBS.FINISHED_AT, none(JOBS.FINISHED_AT))
                .where(JOBS.rowid().in(select(JOBS.rowid()).from(JOBS)
                        .where(JOBS.QUEUE.eq(text("queue")).and(IS_PENDING).and(due))
                        .orderBy(JOBS.PRIORITY.desc(), JOBS.ID.asc())
                        .limit(param("limit", Long.class))))
                .returning(JobRows.PACKED));
    }

    static final HotSql HEARTBEAT = HotSql.of("heartbeat", update(JOBS)
            .set(JOBS.LEASE_EXPIRES_AT, micros("now").plus(JOBS.LEASE_DURATION))
            .set(JOBS.PROGRESS_PCT, coalesce(param("progress_pct", Long.class), JOBS.PROGRESS_PCT))
            .set(JOBS.PROGRESS_MSG, coalesce(text("progress_msg"), JOBS.PROGRESS_MSG))
            .where(JOBS.ID.eq(text("id")).and(IS_RUNNING).and(JOBS.LEASE_ID.eq(text("lease"))))
            .returning(JobRows.PACKED));

    static final HotSql COMPLETE = HotSql.of("complete", update(JOBS)
            .set(JOBS.STATE, inline("COMPLETED"))
            .set(JOBS.RESULT, text("result"))
            .set(JOBS.PROGRESS_PCT, inline(100L))
            .set(JOBS.FINISHED_AT, micros("now"))
            .set(JOBS.CANCEL_REQUESTED, inline(0L))
            .set(JOBS.LEASE_ID, none(JOBS.LEASE_ID))
            .set(JOBS.LEASE_WORKER, none(JOBS.LEASE_WORKER))
            .set(JOBS.LEASE_EXPIRES_AT, none(JOBS.LEASE_EXPIRES_AT))
            .set(JOBS.LEASE_DURATION, none(JOBS.LEASE_DURATION))
            .where(JOBS.ID.eq(text("id")).and(IS_RUNNING).and(JOBS.LEASE_ID.eq(text("lease"))))
            .returning(JobRows.PACKED));

    /**
     * Completes many jobs in one run: a JSON array of {@code [id, lease, result]} rows, each done
     * only where its lease is current, exactly as {@link #COMPLETE}. Returns a summary of each
     * completed row ({@link JobRows#COMPLETED_PACKED}, no payload or result); a row missing from the
     * answer was refused. The same id twice is the caller's to avoid: SQLite
     * updates a row once per statement.
     */
    static final HotSql COMPLETE_MANY = completeMany();

    private static HotSql completeMany() {
        Field<String> row = field(name("c", "value"), String.class);
        return HotSql.of("complete many", update(JOBS)
                .set(JOBS.STATE, inline("COMPLETED"))
                .set(JOBS.RESULT, at(row, 2, String.class))
                .set(JOBS.PROGRESS_PCT, inline(100L))
                .set(JOBS.FINISHED_AT, micros("now"))
                .set(JOBS.CANCEL_REQUESTED, inline(0L))
                .set(JOBS.LEASE_ID, none(JOBS.LEASE_ID))
                .set(JOBS.LEASE_WORKER, none(JOBS.LEASE_WORKER))
                .set(JOBS.LEASE_EXPIRES_AT, none(JOBS.LEASE_EXPIRES_AT))
                .set(JOBS.LEASE_DURATION, none(JOBS.LEASE_DURATION))
                .from(table("json_each({0})", text("completions")).as("c"))
                .where(JOBS.ID.eq(at(row, 0, String.class)).and(IS_RUNNING)
                        .and(JOBS.LEASE_ID.eq(at(row, 1, String.class))))
                .returning(JobRows.COMPLETED_PACKED));
    }

    /**
     * Writes a transition worked out in Java from the row read in the same transaction (fail,
     * release, cancel, retry, recovery). The state check guards against a row that changed under a
     * caller who read it outside this transaction; the lease columns survive only while the job
     * keeps its lease.
     */
    static final HotSql TRANSITION = HotSql.of("transition", update(JOBS)
            .set(JOBS.STATE, text("state"))
            .set(JOBS.ATTEMPTS, param("attempts", Long.class))
            .set(JOBS.RUN_AT, micros("run_at"))
            .set(JOBS.CANCEL_REQUESTED, param("cancel_requested", Long.class))
            .set(JOBS.RESULT, text("result"))
            .set(JOBS.LAST_ERROR, text("last_error"))
            .set(JOBS.FINISHED_AT, micros("finished_at"))
            .set(JOBS.LEASE_ID, DSL.when(param("keep_lease", Long.class).eq(inline(1L)), JOBS.LEASE_ID))
            .set(JOBS.LEASE_WORKER, DSL.when(param("keep_lease", Long.class).eq(inline(1L)), JOBS.LEASE_WORKER))
            .set(JOBS.LEASE_EXPIRES_AT, DSL.when(param("keep_lease", Long.class).eq(inline(1L)), JOBS.LEASE_EXPIRES_AT))
            .set(JOBS.LEASE_DURATION, DSL.when(param("keep_lease", Long.class).eq(inline(1L)), JOBS.LEASE_DURATION))
            .where(JOBS.ID.eq(text("id")).and(JOBS.STATE.eq(text("from_state"))))
            .returning(JobRows.PACKED));

    /**
     * A batch of expired leases, soonest expiry first. The batch is picked inside {@code jobs_running}
     * (expiry and rowid are in its entries, so the pick sorts only index entries), and only the picked
     * rows are read whole: recovering many held jobs after a crash reads each row once.
     */
    static final HotSql EXPIRED = HotSql.of("expired leases", select(JobRows.PACKED).from(JOBS)
            .where(JOBS.rowid().in(select(JOBS.rowid()).from(JOBS)
                    .where(IS_RUNNING.and(JOBS.LEASE_EXPIRES_AT.le(micros("now"))))
                    .orderBy(JOBS.LEASE_EXPIRES_AT, JOBS.rowid())
                    .limit(param("limit", Long.class)))));

    /** Over the jobs put off past their creation, the only ones in {@code jobs_due} (see V7). */
    static final HotSql NEXT_DUE = HotSql.of("next due", select(min(JOBS.RUN_AT)).from(JOBS)
            .where(JOBS.QUEUE.eq(text("queue")).and(IS_PENDING).and(JOBS.RUN_AT.gt(JOBS.CREATED_AT))));

    static final HotSql DELETE_FINISHED = HotSql.of("delete finished", DSL.deleteFrom(JOBS)
            .where(JOBS.rowid().in(select(JOBS.rowid()).from(JOBS)
                    .where(IS_FINISHED.and(JOBS.FINISHED_AT.lt(micros("cutoff"))))
                    .orderBy(JOBS.FINISHED_AT)
                    .limit(param("limit", Long.class)))));

    static final HotSql SAVE_SETTINGS = HotSql.of("save queue settings", DSL.insertInto(QUEUE_SETTINGS)
            .set(QUEUE_SETTINGS.QUEUE, text("queue"))
            .set(QUEUE_SETTINGS.PAUSED, param("paused", Long.class))
            .set(QUEUE_SETTINGS.MAX_CONCURRENCY, param("max_concurrency", Long.class))
            .set(QUEUE_SETTINGS.DEFAULT_MAX_ATTEMPTS, param("default_max_attempts", Long.class))
            .set(QUEUE_SETTINGS.BACKOFF_INITIAL, micros("backoff_initial"))
            .set(QUEUE_SETTINGS.BACKOFF_MULTIPLIER, param("backoff_multiplier", Float.class))
            .set(QUEUE_SETTINGS.BACKOFF_MAX, micros("backoff_max"))
            .set(QUEUE_SETTINGS.BACKOFF_JITTER, param("backoff_jitter", Float.class))
            .set(QUEUE_SETTINGS.LEASE_DURATION, micros("lease_duration"))
            .onConflict(QUEUE_SETTINGS.QUEUE).doUpdate()
            .set(QUEUE_SETTINGS.PAUSED, param("paused", Long.class))
            .set(QUEUE_SETTINGS.MAX_CONCURRENCY, param("max_concurrency", Long.class))
            .set(QUEUE_SETTINGS.DEFAULT_MAX_ATTEMPTS, param("default_max_attempts", Long.class))
            .set(QUEUE_SETTINGS.BACKOFF_INITIAL, micros("backoff_initial"))
            .set(QUEUE_SETTINGS.BACKOFF_MULTIPLIER, param("backoff_multiplier", Float.class))
            .set(QUEUE_SETTINGS.BACKOFF_MAX, micros("backoff_max"))
            .set(QUEUE_SETTINGS.BACKOFF_JITTER, param("backoff_jitter", Float.class))
            .set(QUEUE_SETTINGS.LEASE_DURATION, micros("lease_duration")));

    private JobStatements() {
    }
}
