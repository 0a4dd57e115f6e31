package dev.stowage.adapter.out.postgres;

import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;

import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobListPosition;
import dev.stowage.domain.queue.ThroughputBucket;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.ThroughputSteps;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The queue's read side whose SQL depends on the request: the history listing (built with jOOQ per
 * call), the figures over a window, and the list of queues. Answers, cursors included, are the
 * SQLite store's: a cursor is the last job's (created-at, id), newest first.
 */
final class PgJobHistory {
    /** The listing's order: one row per job that never changes (migration V3). */
    private static final Table<?> ORDER = table(name("job_order")).as("o");
    private static final Table<?> JOBS = table(name("jobs")).as("j");
    private static final Field<String> ORDER_ID = field(name("o", "id"), String.class);
    private static final Field<String> ORDER_QUEUE = field(name("o", "queue"), String.class);
    private static final Field<Long> ORDER_CREATED_AT = field(name("o", "created_at"), Long.class);
    private static final Field<String> ID = field(name("j", "id"), String.class);
    private static final Field<String> TYPE = field(name("j", "type"), String.class);
    private static final Field<String> STATE = field(name("j", "state"), String.class);
    /** {@link PgJobRows#COLUMNS}, each of {@code jobs} (aliased {@code j}), in the same order. */
    private static final String JOB_COLUMNS = "j." + PgJobRows.COLUMNS.replace(", ", ", j.");
    // a completed job without a start time (imported) counts as taking no time
    private static final String RUN_TIME = "coalesce(finished_at - started_at, 0)";
    private static final String FINISHED = "state IN ('COMPLETED', 'FAILED', 'CANCELLED')";

    private final Db db;

    PgJobHistory(Db db) {
        this.db = db;
    }

    // ---- listing

    /**
     * The filter as a condition on the listing order (o) joined to the jobs (j): the queue and the
     * creation time are the order's, so that its indexes serve them. The search compares as written
     * (strpos, left), never LIKE.
     */
    static Condition where(JobFilter filter) {
        Condition where = noCondition();
        if (filter.queue().isPresent()) {
            where = where.and(ORDER_QUEUE.eq(filter.queue().get().value()));
        }
        if (!filter.states().isEmpty()) {
            where = where.and(STATE.in(filter.states().stream().map(JobState::name).toList()));
        }
        if (filter.type().isPresent()) {
            where = where.and(TYPE.eq(filter.type().get().value()));
        }
        if (filter.createdFrom().isPresent()) {
            where = where.and(ORDER_CREATED_AT.ge(EpochTime.micros(filter.createdFrom().get())));
        }
        if (filter.createdBefore().isPresent()) {
            where = where.and(ORDER_CREATED_AT.lt(EpochTime.micros(filter.createdBefore().get())));
        }
        if (filter.text().isPresent()) {
            String t = filter.text().get();
            int chars = t.codePointCount(0, t.length());
            where = where.and(ID.eq(t)
                    .or(condition("left(j.dedup_key, {0}) = {1}", val(chars), val(t)))
                    .or(condition("strpos(j.payload, {0}) > 0", val(t))));
        }
        return where;
    }

    /** How many jobs match, in one statement. */
    long count(JobFilter filter) {
        Condition where = where(Objects.requireNonNull(filter, "filter"));
        return db.read(ctx -> ctx.selectCount().from(ORDER).join(JOBS).on(ID.eq(ORDER_ID)).where(where)
                .fetchOne(0, Long.class));
    }

    /**
     * Rows of (queue, state, jobs) now, for the queues {@code inQueue} leaves ({@code ""} for all, or
     * {@code " AND queue = ?"} with the name bound three times): one count per partial index
     * (pending, running, finished), so no row outside them is read.
     */
    private static String byQueueAndState(String inQueue) {
        return "SELECT queue, 'PENDING', count(*) FROM jobs WHERE state = 'PENDING'" + inQueue + " GROUP BY queue"
                + " UNION ALL SELECT queue, 'RUNNING', count(*) FROM jobs WHERE state = 'RUNNING'" + inQueue + " GROUP BY queue"
                + " UNION ALL SELECT queue, state, count(*) FROM jobs WHERE " + FINISHED + inQueue + " GROUP BY queue, state";
    }

    /** Jobs per queue and state now. */
    Map<QueueName, Map<JobState, Long>> countsByQueue() {
        return db.read(ctx -> {
            Map<QueueName, Map<JobState, Long>> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
            for (var r : ctx.resultQuery(byQueueAndState("")).fetch()) {
                out.computeIfAbsent(new QueueName(r.get(0, String.class)), q -> new EnumMap<>(JobState.class))
                        .merge(JobState.valueOf(r.get(1, String.class)), r.get(2, Long.class), Long::sum);
            }
            return out;
        });
    }

    /** Completed and failed jobs of a queue per step, empty steps filled. */
    List<ThroughputBucket> finishedPerStep(QueueName queue, Instant from, Instant to, Duration step) {
        Objects.requireNonNull(queue, "queue");
        ThroughputSteps steps = new ThroughputSteps(from, to, step);
        Map<Long, long[]> counts = db.read(ctx -> {
            Map<Long, long[]> out = new TreeMap<>();
            for (var r : ctx.resultQuery("SELECT (finished_at - ?) / ? AS b,"
                            + " count(*) FILTER (WHERE state = 'COMPLETED'), count(*) FILTER (WHERE state = 'FAILED')"
                            + " FROM jobs WHERE state IN ('COMPLETED', 'FAILED') AND queue = ?"
                            + " AND finished_at >= ? AND finished_at < ? GROUP BY b",
                    steps.fromMicros(), steps.stepMicros(), queue.value(), steps.fromMicros(), steps.endMicros()).fetch()) {
                out.put(r.get(0, Long.class), new long[] {r.get(1, Long.class), r.get(2, Long.class)});
            }
            return out;
        });
        return steps.buckets(counts);
    }

    Page<Job> list(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        Condition where = where(filter);
        if (page.after().isPresent()) {
            JobListPosition after = JobListPosition.of(page.after().get());
            where = where.and(row(ORDER_CREATED_AT, ORDER_ID).lt(after.createdAtMicros(), after.id().value()));
        }
        Condition matching = where;
        List<Job> rows = db.read(ctx -> {
            List<Job> out = new ArrayList<>();
            try (ResultSet r = ctx.select(field(JOB_COLUMNS)).from(ORDER).join(JOBS).on(ID.eq(ORDER_ID)).where(matching)
                    .orderBy(ORDER_CREATED_AT.desc(), ORDER_ID.desc()).limit(page.limit() + 1).fetchResultSet()) {
                while (r.next()) {
                    out.add(PgJobRows.read(r));
                }
            } catch (java.sql.SQLException e) {
                throw PgErrors.translate(e);
            }
            return out;
        });
        return Page.fromReadAhead(rows, page.limit(), last -> JobListPosition.of(last).cursor());
    }

    // ---- figures

    JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        String inQueue = queue.isPresent() ? " AND queue = ?" : "";
        Object[] q = queue.map(n -> new Object[] {n.value()}).orElse(new Object[0]);
        String window = FINISHED + " AND finished_at >= ? AND finished_at < ?" + inQueue;
        Object[] w = concat(new Object[] {EpochTime.micros(from), EpochTime.micros(to)}, q);
        return db.readJdbc(c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            // per queue, summed here over the queues
            for (Object[] r : Sql.list(c, byQueueAndState(inQueue), r -> new Object[] {r.getString(2), r.getLong(3)},
                    concat(q, concat(q, q)))) {
                counts.merge(JobState.valueOf((String) r[0]), (Long) r[1], Long::sum);
            }
            long[] figures = Sql.first(c, "SELECT count(*), count(*) FILTER (WHERE state = 'COMPLETED'), "
                    + "count(*) FILTER (WHERE state = 'FAILED') FROM jobs WHERE " + window,
                    r -> new long[] {r.getLong(1), r.getLong(2), r.getLong(3)}, w).orElseThrow();
            long finished = figures[0];
            long completed = figures[1];
            long failed = figures[2];
            Optional<Duration> mean = Optional.empty();
            Optional<Duration> p95 = Optional.empty();
            if (completed > 0) {
                String done = " FROM jobs WHERE " + window + " AND state = 'COMPLETED'";
                long total = Sql.first(c, "SELECT sum(" + RUN_TIME + ")" + done, r -> r.getBigDecimal(1).longValueExact(), w)
                        .orElseThrow();
                mean = Optional.of(Duration.of(total, ChronoUnit.MICROS).dividedBy(completed));
                // nearest rank: the smallest run time with at least 95% of run times at or below it
                long rank = (long) Math.ceil(0.95 * completed);
                p95 = Optional.of(EpochTime.durationOfMicros(Sql.first(c, "SELECT " + RUN_TIME + " AS t" + done
                        + " ORDER BY t LIMIT 1 OFFSET ?", r -> r.getLong(1), concat(w, new Object[] {rank - 1}))
                        .orElseThrow()));
            }
            double seconds = Duration.between(from, to).toMillis() / 1000.0;
            double throughput = seconds > 0 ? completed / seconds : 0.0;
            Optional<Double> success = completed + failed == 0 ? Optional.empty()
                    : Optional.of((double) completed / (completed + failed));
            return new JobStats(queue, from, to, counts, finished, completed, throughput, mean, p95, success);
        });
    }

    private static Object[] concat(Object[] a, Object[] b) {
        Object[] out = new Object[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- queues

    /**
     * Queues with settings or jobs. The job queues are found by hopping from one queue name to the
     * next in the listing order's (queue, ...) index, one seek per queue instead of a pass over every job.
     */
    List<QueueName> queues() {
        return db.readJdbc(c -> {
            var names = new TreeSet<String>();
            names.addAll(Sql.list(c, "WITH RECURSIVE q(name) AS (SELECT min(queue) FROM job_order UNION ALL "
                    + "SELECT (SELECT min(queue) FROM job_order WHERE queue > q.name) FROM q WHERE q.name IS NOT NULL) "
                    + "SELECT name FROM q WHERE name IS NOT NULL", r -> r.getString(1)));
            names.addAll(Sql.list(c, "SELECT queue FROM queue_settings", r -> r.getString(1)));
            List<QueueName> out = new ArrayList<>(names.size());
            names.forEach(n -> out.add(new QueueName(n)));
            return out;
        });
    }
}
