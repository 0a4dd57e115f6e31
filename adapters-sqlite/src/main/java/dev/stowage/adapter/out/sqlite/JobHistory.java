package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.JobStatements.IS_FINISHED;
import static dev.stowage.adapter.out.sqlite.JobStatements.IS_PENDING;
import static dev.stowage.adapter.out.sqlite.JobStatements.IS_RUNNING;
import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.QUEUE_SETTINGS;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.condition;
import static org.jooq.impl.DSL.count;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.min;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.sum;
import static org.jooq.impl.DSL.table;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.when;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobListPosition;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.ThroughputBucket;
import dev.stowage.domain.queue.ThroughputSteps;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jooq.CommonTableExpression;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record1;
import org.jooq.Record2;
import org.jooq.Record3;
import org.jooq.ResultQuery;

/**
 * The queue's read side whose SQL depends on the request: the history listing, the figures over a
 * window (whose counts by state also feed the gauges), and the list of queues. Built with jOOQ per call; none of
 * it sits on a job's path through the queue.
 */
final class JobHistory {
    private static final Field<Long> CREATED_AT = JOBS.CREATED_AT;
    private static final Field<Long> STARTED_AT = JOBS.STARTED_AT;
    private static final Field<Long> FINISHED_AT = JOBS.FINISHED_AT;
    private static final Condition IS_COMPLETED = JOBS.STATE.eq(inline(JobState.COMPLETED.name()));
    private static final Condition IS_FAILED = JOBS.STATE.eq(inline(JobState.FAILED.name()));
    // a completed job without a start time (imported) counts as taking no time
    private static final Field<Long> RUN_TIME = coalesce(FINISHED_AT.minus(STARTED_AT), inline(0L));

    private final Db db;

    JobHistory(Db db) {
        this.db = db;
    }

    // ---- listing

    /** Newest first by creation time, then id; the cursor holds the last job's (created-at, id). */
    Page<Job> list(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        Optional<JobListPosition> after = page.after().map(JobListPosition::of);
        Condition where = listWhere(filter);
        if (after.isPresent()) {
            where = where.and(before(after.get().createdAtMicros(), after.get().id().value()));
        }
        Condition matching = where;
        List<Job> rows = db.readSession(session -> JobRows.readAll(listQuery(session.dsl(), matching, page.limit() + 1)
                .fetchResultSet()));
        return Page.fromReadAhead(rows, page.limit(), last -> JobListPosition.of(last).cursor());
    }

    static Condition listWhere(JobFilter filter) {
        Condition where = noCondition();
        if (filter.queue().isPresent()) {
            where = where.and(JOBS.QUEUE.eq(filter.queue().get().value()));
        }
        if (!filter.states().isEmpty()) {
            where = where.and(JOBS.STATE.in(filter.states().stream().map(JobState::name).toList()));
        }
        if (filter.type().isPresent()) {
            where = where.and(JOBS.TYPE.eq(filter.type().get().value()));
        }
        if (filter.createdFrom().isPresent()) {
            where = where.and(CREATED_AT.ge(EpochTime.micros(filter.createdFrom().get())));
        }
        if (filter.createdBefore().isPresent()) {
            where = where.and(CREATED_AT.lt(EpochTime.micros(filter.createdBefore().get())));
        }
        if (filter.text().isPresent()) {
            where = where.and(found(filter.text().get()));
        }
        return where;
    }

    /**
     * The search: id equal, dedup key equal or starting with the text, or payload containing it.
     * instr and substr compare characters as written, so case matters and {@code %} or {@code _}
     * in the text are plain characters, as in every other store; no index serves a substring, so
     * this filters the rows the listing reads in order (bounded by the page's limit).
     */
    private static Condition found(String text) {
        int chars = text.codePointCount(0, text.length());
        return JOBS.ID.eq(text)
                .or(condition("substr({0}, 1, {1}) = {2}", JOBS.DEDUP_KEY, val(chars), val(text)))
                .or(condition("instr({0}, {1}) > 0", JOBS.PAYLOAD, val(text)));
    }

    /** How many jobs match, counted in one statement. */
    long countMatching(JobFilter filter) {
        Objects.requireNonNull(filter, "filter");
        Condition where = listWhere(filter);
        return db.readSession(session -> session.dsl().selectCount().from(JOBS).where(where).fetchOne(0, Long.class));
    }

    /** Jobs listed after the position (created-at, id), newest first. */
    static Condition before(long createdMicros, String id) {
        return row(CREATED_AT, JOBS.ID).lt(createdMicros, id);
    }

    static ResultQuery<?> listQuery(DSLContext ctx, Condition where, int limit) {
        return ctx.select(JobRows.PACKED).from(JOBS).where(where)
                .orderBy(CREATED_AT.desc(), JOBS.ID.desc())
                .limit(limit);
    }

    // ---- figures

    JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Condition inQueue = inQueue(queue);
        Condition inWindow = inWindow(inQueue, EpochTime.micros(from), EpochTime.micros(to));
        return db.readSession(session -> {
            DSLContext ctx = session.dsl();
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (Record2<String, Integer> r : countsQuery(ctx, inQueue).fetch()) {
                counts.merge(JobState.valueOf(r.value1()), r.value2().longValue(), Long::sum);
            }
            Record3<Integer, BigDecimal, BigDecimal> window = windowQuery(ctx, inWindow).fetchOne();
            long finished = window.value1();
            long completed = window.value2() == null ? 0 : window.value2().longValue();
            long failed = window.value3() == null ? 0 : window.value3().longValue();
            Optional<Duration> mean = Optional.empty();
            Optional<Duration> p95 = Optional.empty();
            if (completed > 0) {
                BigDecimal total = runTimeSumQuery(ctx, inWindow).fetchOne(0, BigDecimal.class);
                mean = Optional.of(Duration.of(total.longValueExact(), ChronoUnit.MICROS).dividedBy(completed));
                // nearest rank: the smallest run time with at least 95% of run times at or below it
                long rank = (long) Math.ceil(0.95 * completed);
                p95 = Optional.of(EpochTime.durationOfMicros(p95Query(ctx, inWindow, rank).fetchOne(0, Long.class)));
            }
            double seconds = Duration.between(from, to).toMillis() / 1000.0;
            double throughput = seconds > 0 ? completed / seconds : 0.0;
            Optional<Double> success = completed + failed == 0 ? Optional.empty()
                    : Optional.of((double) completed / (completed + failed));
            return new JobStats(queue, from, to, counts, finished, completed, throughput, mean, p95, success);
        });
    }

    static Condition inQueue(Optional<QueueName> queue) {
        return queue.map(q -> JOBS.QUEUE.eq(q.value())).orElse(noCondition());
    }

    /** Jobs that finished in {@code [from, to)}: a range of the jobs_finished index. */
    static Condition inWindow(Condition inQueue, long fromMicros, long toMicros) {
        return IS_FINISHED.and(FINISHED_AT.ge(fromMicros)).and(FINISHED_AT.lt(toMicros)).and(inQueue);
    }

    static ResultQuery<Record3<Integer, BigDecimal, BigDecimal>> windowQuery(DSLContext ctx, Condition inWindow) {
        return ctx.select(count(), sum(when(IS_COMPLETED, inline(1)).otherwise(inline(0))),
                        sum(when(IS_FAILED, inline(1)).otherwise(inline(0))))
                .from(JOBS).where(inWindow);
    }

    static ResultQuery<Record1<BigDecimal>> runTimeSumQuery(DSLContext ctx, Condition inWindow) {
        // the window keeps the state IN term of the partial index, so SQLite may still use it
        return ctx.select(sum(RUN_TIME)).from(JOBS).where(inWindow.and(IS_COMPLETED));
    }

    static ResultQuery<Record1<Long>> p95Query(DSLContext ctx, Condition inWindow, long rank) {
        return ctx.select(RUN_TIME).from(JOBS).where(inWindow.and(IS_COMPLETED))
                .orderBy(RUN_TIME).limit(1).offset(rank - 1);
    }

    /**
     * Jobs per queue and state now, for the console's queue list and live counts. Each state group
     * is counted inside the partial index that holds it, so no query reads a table row.
     */
    Map<QueueName, Map<JobState, Long>> countsByQueue() {
        return db.readSession(session -> {
            Map<QueueName, Map<JobState, Long>> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
            for (Record3<String, String, Integer> r : countsByQueueQuery(session.dsl()).fetch()) {
                out.computeIfAbsent(new QueueName(r.value1()), q -> new EnumMap<>(JobState.class))
                        .merge(JobState.valueOf(r.value2()), r.value3().longValue(), Long::sum);
            }
            return out;
        });
    }

    static ResultQuery<Record3<String, String, Integer>> countsByQueueQuery(DSLContext ctx) {
        return ctx.select(JOBS.QUEUE, JOBS.STATE, count()).from(JOBS).where(IS_PENDING).groupBy(JOBS.QUEUE)
                .unionAll(ctx.select(JOBS.QUEUE, JOBS.STATE, count()).from(JOBS).where(IS_RUNNING).groupBy(JOBS.QUEUE))
                .unionAll(ctx.select(JOBS.QUEUE, JOBS.STATE, count()).from(JOBS).where(IS_FINISHED)
                        .groupBy(JOBS.QUEUE, JOBS.STATE));
    }

    static ResultQuery<Record2<String, Integer>> countsQuery(DSLContext ctx, Condition inQueue) {
        return ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_PENDING.and(inQueue)).groupBy(JOBS.STATE)
                .unionAll(ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_RUNNING.and(inQueue)).groupBy(JOBS.STATE))
                .unionAll(ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_FINISHED.and(inQueue)).groupBy(JOBS.STATE));
    }

    /**
     * Completed and failed jobs of a queue per step: one grouped pass over the window's range of the
     * jobs_finished index (queue and state ride in it, so no row is read), then the empty steps filled.
     */
    List<ThroughputBucket> finishedPerStep(QueueName queue, Instant from, Instant to, Duration step) {
        Objects.requireNonNull(queue, "queue");
        ThroughputSteps steps = new ThroughputSteps(from, to, step);
        Field<Long> bucket = FINISHED_AT.minus(inline(steps.fromMicros())).div(inline(steps.stepMicros()));
        Condition inWindow = inWindow(inQueue(Optional.of(queue)), steps.fromMicros(), steps.endMicros());
        Map<Long, long[]> counts = db.readSession(session -> {
            Map<Long, long[]> out = new TreeMap<>();
            for (Record3<Long, BigDecimal, BigDecimal> r : session.dsl()
                    .select(bucket, sum(when(IS_COMPLETED, inline(1)).otherwise(inline(0))),
                            sum(when(IS_FAILED, inline(1)).otherwise(inline(0))))
                    .from(JOBS).where(inWindow).groupBy(bucket).fetch()) {
                out.put(r.value1(), new long[] {r.value2().longValue(), r.value3().longValue()});
            }
            return out;
        });
        return steps.buckets(counts);
    }

    // ---- queues

    /**
     * Queues with settings or jobs. The job queues are found by hopping from one queue name to the
     * next in the (queue, ...) index, one seek per queue instead of a pass over every job.
     */
    List<QueueName> queues() {
        return db.readSession(session -> {
            var names = new TreeSet<String>();
            names.addAll(jobQueuesQuery(session.dsl()).fetch(Record1::value1));
            names.addAll(session.dsl().select(QUEUE_SETTINGS.QUEUE).from(QUEUE_SETTINGS).fetch(QUEUE_SETTINGS.QUEUE));
            List<QueueName> out = new ArrayList<>(names.size());
            names.forEach(n -> out.add(new QueueName(n)));
            return out;
        });
    }

    private static final Field<String> HOP = field(name("q", "name"), String.class);

    static ResultQuery<Record1<String>> jobQueuesQuery(DSLContext ctx) {
        CommonTableExpression<Record1<String>> hops = name("q").fields("name").as(
                select(min(JOBS.QUEUE)).from(JOBS)
                        .unionAll(select(field(select(min(JOBS.QUEUE)).from(JOBS).where(JOBS.QUEUE.gt(HOP))))
                                .from(table(name("q"))).where(HOP.isNotNull())));
        return ctx.withRecursive(hops).select(HOP).from(hops).where(HOP.isNotNull());
    }
}
