package dev.stowage.adapter.out.postgres;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.table;

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
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.Table;

/**
 * The queue's read side whose SQL depends on the request: the history listing (built with jOOQ per
 * call), the figures over a window, and the list of queues. Answers, cursors included, are the
 * SQLite store's: a cursor is the last job's (created-at, id), newest first.
 */
final class PgJobHistory {
    private static final String CURSOR_PREFIX = "jobs1:";
    private static final Table<?> JOBS = table(name("jobs"));
    private static final Field<String> ID = field(name("id"), String.class);
    private static final Field<String> QUEUE = field(name("queue"), String.class);
    private static final Field<String> TYPE = field(name("type"), String.class);
    private static final Field<String> STATE = field(name("state"), String.class);
    private static final Field<Long> CREATED_AT = field(name("created_at"), Long.class);
    // a completed job without a start time (imported) counts as taking no time
    private static final String RUN_TIME = "coalesce(finished_at - started_at, 0)";
    private static final String FINISHED = "state IN ('COMPLETED', 'FAILED', 'CANCELLED')";

    private final Db db;

    PgJobHistory(Db db) {
        this.db = db;
    }

    // ---- listing

    Page<Job> list(JobFilter filter, PageRequest page) {
        Objects.requireNonNull(filter, "filter");
        Objects.requireNonNull(page, "page");
        Condition where = noCondition();
        if (filter.queue().isPresent()) {
            where = where.and(QUEUE.eq(filter.queue().get().value()));
        }
        if (!filter.states().isEmpty()) {
            where = where.and(STATE.in(filter.states().stream().map(JobState::name).toList()));
        }
        if (filter.type().isPresent()) {
            where = where.and(TYPE.eq(filter.type().get().value()));
        }
        if (filter.createdFrom().isPresent()) {
            where = where.and(CREATED_AT.ge(Micros.of(filter.createdFrom().get())));
        }
        if (filter.createdBefore().isPresent()) {
            where = where.and(CREATED_AT.lt(Micros.of(filter.createdBefore().get())));
        }
        if (page.after().isPresent()) {
            Position after = decode(page.after().get());
            where = where.and(row(CREATED_AT, ID).lt(after.createdAt(), after.id()));
        }
        Condition matching = where;
        List<Job> rows = db.read(ctx -> {
            List<Job> out = new ArrayList<>();
            try (ResultSet r = ctx.select(field(PgJobRows.COLUMNS)).from(JOBS).where(matching)
                    .orderBy(CREATED_AT.desc(), ID.desc()).limit(page.limit() + 1).fetchResultSet()) {
                while (r.next()) {
                    out.add(PgJobRows.read(r));
                }
            } catch (java.sql.SQLException e) {
                throw PgErrors.translate(e);
            }
            return out;
        });
        if (rows.size() <= page.limit()) {
            return Page.last(rows);
        }
        List<Job> items = rows.subList(0, page.limit());
        Job last = items.get(items.size() - 1);
        return new Page<>(items, Optional.of(encode(new Position(Micros.of(last.createdAt()), last.id().value()))));
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
            throw new InvalidInputException("cursor '" + cursor + "' was not issued by this job listing");
        }
    }

    // ---- figures

    JobStats stats(Optional<QueueName> queue, Instant from, Instant to) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        String inQueue = queue.isPresent() ? " AND queue = ?" : "";
        Object[] q = queue.map(n -> new Object[] {n.value()}).orElse(new Object[0]);
        String window = FINISHED + " AND finished_at >= ? AND finished_at < ?" + inQueue;
        Object[] w = concat(new Object[] {Micros.of(from), Micros.of(to)}, q);
        return db.readJdbc(c -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            for (Object[] r : Sql.list(c, "SELECT state, count(*) FROM jobs WHERE TRUE" + inQueue + " GROUP BY state",
                    r -> new Object[] {r.getString(1), r.getLong(2)}, q)) {
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
                p95 = Optional.of(Micros.duration(Sql.first(c, "SELECT " + RUN_TIME + " AS t" + done
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
     * next in the (queue, ...) index, one seek per queue instead of a pass over every job.
     */
    List<QueueName> queues() {
        return db.readJdbc(c -> {
            var names = new TreeSet<String>();
            names.addAll(Sql.list(c, "WITH RECURSIVE q(name) AS (SELECT min(queue) FROM jobs UNION ALL "
                    + "SELECT (SELECT min(queue) FROM jobs WHERE queue > q.name) FROM q WHERE q.name IS NOT NULL) "
                    + "SELECT name FROM q WHERE name IS NOT NULL", r -> r.getString(1)));
            names.addAll(Sql.list(c, "SELECT queue FROM queue_settings", r -> r.getString(1)));
            List<QueueName> out = new ArrayList<>(names.size());
            names.forEach(n -> out.add(new QueueName(n)));
            return out;
        });
    }
}
