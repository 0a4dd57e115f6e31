package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.JobStatements.IS_FINISHED;
import static dev.stowage.adapter.out.sqlite.JobStatements.IS_PENDING;
import static dev.stowage.adapter.out.sqlite.JobStatements.IS_RUNNING;
import static dev.stowage.adapter.out.sqlite.schema.Tables.JOBS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.QUEUE_SETTINGS;
import static org.jooq.impl.DSL.coalesce;
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
import static org.jooq.impl.DSL.when;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.QueueName;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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
    private static final String CURSOR_PREFIX = "jobs1:";
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
        Optional<Position> after = page.after().map(JobHistory::decode);
        Condition where = listWhere(filter);
        if (after.isPresent()) {
            where = where.and(before(after.get().createdAt(), after.get().id()));
        }
        Condition matching = where;
        List<Job> rows = db.readSession(session -> JobRows.readAll(listQuery(session.dsl(), matching, page.limit() + 1)
                .fetchResultSet()));
        if (rows.size() <= page.limit()) {
            return Page.last(rows);
        }
        List<Job> items = rows.subList(0, page.limit());
        Job last = items.get(items.size() - 1);
        return new Page<>(items, Optional.of(encode(new Position(Micros.of(last.createdAt()), last.id().value()))));
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
            where = where.and(CREATED_AT.ge(Micros.of(filter.createdFrom().get())));
        }
        if (filter.createdBefore().isPresent()) {
            where = where.and(CREATED_AT.lt(Micros.of(filter.createdBefore().get())));
        }
        return where;
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

    private record Position(long createdAt, String id) {
    }

    private static Cursor encode(Position p) {
        String raw = p.createdAt() + ":" + p.id();
        return new Cursor(CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static Position decode(Cursor cursor) {
        try {
            String value = cursor.value();
            if (!value.startsWith(CURSOR_PREFIX)) {
                throw new IllegalArgumentException("prefix");
            }
            String raw = new String(Base64.getUrlDecoder().decode(value.substring(CURSOR_PREFIX.length())),
                    StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("separator");
            }
            return new Position(Long.parseLong(raw.substring(0, colon)), new JobId(raw.substring(colon + 1)).value());
        } catch (IllegalArgumentException | InvalidInputException e) {
            // NumberFormatException is an IllegalArgumentException too
            throw new InvalidInputException("cursor '" + cursor + "' was not issued by this job listing");
        }
    }

    // ---- figures

    JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Condition inQueue = inQueue(queue);
        Condition inWindow = inWindow(inQueue, Micros.of(from), Micros.of(to));
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
                p95 = Optional.of(Micros.duration(p95Query(ctx, inWindow, rank).fetchOne(0, Long.class)));
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

    static ResultQuery<Record2<String, Integer>> countsQuery(DSLContext ctx, Condition inQueue) {
        return ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_PENDING.and(inQueue)).groupBy(JOBS.STATE)
                .unionAll(ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_RUNNING.and(inQueue)).groupBy(JOBS.STATE))
                .unionAll(ctx.select(JOBS.STATE, count()).from(JOBS).where(IS_FINISHED.and(inQueue)).groupBy(JOBS.STATE));
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
