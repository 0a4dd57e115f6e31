package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;

import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query on a hot path must find its rows through an index. Add one line to
 * {@link #hotQueries()} for each new one: plain SQL with {@code ?} for values, or the jOOQ query
 * the store runs.
 */
class HotQueryPlanTest {
    @TempDir
    static Path dir;
    static TestEngine test;

    static Stream<Named<Function<DSLContext, String>>> hotQueries() {
        return Stream.of(
                sql("meta: value by key", "SELECT value FROM stowage_meta WHERE key = ?"),
                sql("meta: upsert", "INSERT INTO stowage_meta (key, value) VALUES (?, ?) "
                        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                sql("meta: delete by key", "DELETE FROM stowage_meta WHERE key = ?"),
                sql("meta: keys by prefix range", "SELECT key, value FROM stowage_meta "
                        + "WHERE key >= ? AND key < ? ORDER BY key"),
                jooq("meta: value by key (jOOQ)", ctx -> ctx.select(STOWAGE_META.VALUE).from(STOWAGE_META)
                        .where(STOWAGE_META.KEY.eq("k"))));
    }

    /** The job queue's statements: every one a job passes through, and every history query. */
    static Stream<Named<Function<DSLContext, String>>> queueQueries() {
        JobFilter all = JobFilter.all();
        JobFilter queue = JobFilter.queue(new QueueName("q"));
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        Stream<Named<Function<DSLContext, String>>> fixed = Stream.of(
                hot("queue: insert", JobStatements.INSERT),
                hot("queue: find by id", JobStatements.FIND),
                hot("queue: dedup lookup", JobStatements.FIND_BY_DEDUP),
                hot("queue: external ref lookup", JobStatements.FIND_BY_REF),
                hot("queue: settings", JobStatements.SETTINGS),
                hot("queue: running count", JobStatements.RUNNING_COUNT),
                hot("queue: claim", JobStatements.CLAIM),
                hot("queue: heartbeat", JobStatements.HEARTBEAT),
                hot("queue: complete", JobStatements.COMPLETE),
                hot("queue: fail, release, cancel, retry, recover (transition)", JobStatements.TRANSITION),
                hot("queue: recover expired leases", JobStatements.EXPIRED),
                hot("queue: next due", JobStatements.NEXT_DUE),
                hot("queue: retention delete", JobStatements.DELETE_FINISHED),
                hot("queue: save settings", JobStatements.SAVE_SETTINGS),
                jooq("queue: queues with jobs", JobHistory::jobQueuesQuery),
                jooq("queue: gauge counts", JobHistory::countsByQueueQuery),
                jooq("queue: stats counts, one queue",
                        ctx -> JobHistory.countsQuery(ctx, JobHistory.inQueue(Optional.of(new QueueName("q"))))),
                jooq("queue: stats counts, all queues", ctx -> JobHistory.countsQuery(ctx, JobHistory.inQueue(Optional.empty()))),
                jooq("queue: stats window", ctx -> JobHistory.windowQuery(ctx, window(Optional.of(new QueueName("q"))))),
                jooq("queue: stats mean", ctx -> JobHistory.runTimeSumQuery(ctx, window(Optional.empty()))),
                jooq("queue: stats p95", ctx -> JobHistory.p95Query(ctx, window(Optional.of(new QueueName("q"))), 19)));
        // every filter the listing offers, first page and later ones
        List<JobFilter> filters = List.of(all, queue,
                all.withStates(Set.of(JobState.FAILED)), queue.withStates(Set.of(JobState.RUNNING, JobState.PENDING)),
                all.withType(new JobType("render")), queue.withType(new JobType("render")),
                all.createdBetween(t, t.plusSeconds(60)), queue.createdBetween(null, t),
                queue.withStates(Set.of(JobState.COMPLETED)).withType(new JobType("render")).createdBetween(t, null));
        Stream<Named<Function<DSLContext, String>>> listings = filters.stream().flatMap(f -> Stream.of(
                jooq("queue: list " + f, ctx -> JobHistory.listQuery(ctx, JobHistory.listWhere(f), 51)),
                jooq("queue: list after a cursor " + f, ctx -> JobHistory.listQuery(ctx,
                        JobHistory.listWhere(f).and(JobHistory.before(1L, "01J0000000000000000000000A")), 51))));
        return Stream.concat(fixed, listings);
    }

    private static Condition window(Optional<QueueName> queue) {
        return JobHistory.inWindow(JobHistory.inQueue(queue), 0L, 1L);
    }

    @BeforeAll
    static void migrate() {
        test = TestEngine.started(dir);
    }

    @AfterAll
    static void close() {
        test.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"hotQueries", "queueQueries"})
    void usesAnIndex(Function<DSLContext, String> query) {
        test.db.read(ctx -> ctx.connectionResult(connection -> {
            QueryPlans.assertUsesIndexes(connection, query.apply(ctx));
            return null;
        }));
    }

    private static Named<Function<DSLContext, String>> sql(String name, String sql) {
        return Named.of(name, ctx -> sql);
    }

    private static Named<Function<DSLContext, String>> hot(String name, HotSql statement) {
        return Named.of(name, ctx -> statement.sql());
    }

    private static Named<Function<DSLContext, String>> jooq(String name, Function<DSLContext, ? extends Query> query) {
        return Named.of(name, ctx -> ctx.render(query.apply(ctx)));
    }
}
