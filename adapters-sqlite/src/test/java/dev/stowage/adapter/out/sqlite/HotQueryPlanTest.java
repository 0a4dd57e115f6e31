package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.API_TOKENS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.DOCUMENTS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.DOCUMENT_USAGE;
import static dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAMS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.PROGRAM_REVISIONS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.RESUMABLE_UPLOADS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentPosition;
import dev.stowage.domain.document.DocumentQuery.Sort;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramPosition;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Collections;
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
        return Stream.concat(Stream.of(
                sql("meta: value by key", "SELECT value FROM stowage_meta WHERE key = ?"),
                sql("meta: upsert", "INSERT INTO stowage_meta (key, value) VALUES (?, ?) "
                        + "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
                sql("meta: delete by key", "DELETE FROM stowage_meta WHERE key = ?"),
                sql("meta: keys by prefix range", "SELECT key, value FROM stowage_meta "
                        + "WHERE key >= ? AND key < ? ORDER BY key"),
                jooq("meta: value by key (jOOQ)", ctx -> ctx.select(STOWAGE_META.VALUE).from(STOWAGE_META)
                        .where(STOWAGE_META.KEY.eq("k")))),
                Stream.concat(documentsAndTokens(), programs()));
    }

    /** Programs and revisions: the store's own queries, built by the store where they vary. */
    static Stream<Named<Function<DSLContext, String>>> programs() {
        ProgramId id = new ProgramId("01HZZZZZZZZZZZZZZZZZZZZZZZ");
        Stream.Builder<Named<Function<DSLContext, String>>> queries = Stream.builder();
        queries.add(jooq("programs: find", ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.ID.eq("x"))));
        queries.add(jooq("programs: find by name", ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.NAME.eq("n"))));
        queries.add(jooq("programs: find by external ref", ctx -> ctx.selectFrom(PROGRAMS).where(PROGRAMS.EXTERNAL_REF.eq("r"))));
        queries.add(jooq("programs: update at version", ctx -> ctx.update(PROGRAMS).set(PROGRAMS.DESCRIPTION, "d")
                .set(PROGRAMS.VERSION, 2L).where(PROGRAMS.ID.eq("x").and(PROGRAMS.VERSION.eq(1L))).returning()));
        queries.add(jooq("programs: delete", ctx -> ctx.deleteFrom(PROGRAMS).where(PROGRAMS.ID.eq("x")).returning()));
        queries.add(jooq("programs: delete revisions", ctx -> ctx.deleteFrom(PROGRAM_REVISIONS)
                .where(PROGRAM_REVISIONS.PROGRAM_ID.eq("x"))));
        queries.add(jooq("programs: one revision", ctx -> ctx.selectFrom(PROGRAM_REVISIONS)
                .where(PROGRAM_REVISIONS.PROGRAM_ID.eq("x").and(PROGRAM_REVISIONS.VERSION.eq(1L)))));
        for (Optional<Long> below : List.of(Optional.<Long>empty(), Optional.of(7L))) {
            queries.add(jooq("programs: revisions" + (below.isPresent() ? ", next page" : ""),
                    ctx -> SqliteProgramStore.revisionsQuery(ctx, id, below, 51)));
        }
        for (boolean activeOnly : List.of(false, true)) {
            for (Optional<String> search : List.of(Optional.<String>empty(), Optional.of("%Pre_"))) {
                for (Optional<String> after : List.of(Optional.<String>empty(), Optional.of("Quick"))) {
                    String name = "programs: list " + (activeOnly ? "active" : "all") + search.map(x -> ", search").orElse("")
                            + after.map(x -> ", next page").orElse("");
                    ProgramQuery query = new ProgramQuery(activeOnly, search);
                    queries.add(jooq(name, ctx -> SqliteProgramStore.listQuery(ctx, query, after, 51)));
                }
            }
        }
        queries.add(jooq("programs: referenced", ctx -> SqliteProgramStore.referencedQuery(ctx,
                Collections.nCopies(SqliteProgramStore.REFERENCE_CHUNK, "k"))));
        queries.add(jooq("programs: references of programs", ctx -> SqliteProgramStore.programImagesQuery(ctx,
                Optional.of(id.value()), 51)));
        queries.add(jooq("programs: references of revisions", ctx -> SqliteProgramStore.revisionImagesQuery(ctx,
                Optional.of(new ProgramPosition.Reference(true, id, 3, 1)), 51)));
        return queries.build();
    }

    /** Documents, resumable uploads and tokens: the queries of their stores, built by the stores where they vary. */
    static Stream<Named<Function<DSLContext, String>>> documentsAndTokens() {
        UserId owner = new UserId("ana");
        DocumentId id = new DocumentId("01HZZZZZZZZZZZZZZZZZZZZZZZ");
        Stream.Builder<Named<Function<DSLContext, String>>> queries = Stream.builder();
        queries.add(jooq("documents: find", ctx -> ctx.selectFrom(DOCUMENTS).where(DOCUMENTS.ID.eq("x"))));
        queries.add(jooq("documents: find by name", ctx -> ctx.selectFrom(DOCUMENTS)
                .where(DOCUMENTS.OWNER.eq("ana").and(DOCUMENTS.NAME.eq("report")))));
        queries.add(jooq("documents: update at version", ctx -> ctx.update(DOCUMENTS).set(DOCUMENTS.SIZE, 1L)
                .set(DOCUMENTS.VERSION, 2L).where(DOCUMENTS.ID.eq("x").and(DOCUMENTS.VERSION.eq(1L))).returning()));
        queries.add(jooq("documents: delete", ctx -> ctx.deleteFrom(DOCUMENTS).where(DOCUMENTS.ID.eq("x")).returning()));
        queries.add(sql("documents: usage kept by the triggers", "UPDATE document_usage SET documents = documents - 1, "
                + "bytes = bytes - ? WHERE owner = ?"));
        queries.add(jooq("documents: usage", ctx -> ctx.select(DOCUMENT_USAGE.DOCUMENTS, DOCUMENT_USAGE.BYTES)
                .from(DOCUMENT_USAGE).where(DOCUMENT_USAGE.OWNER.eq("ana"))));
        queries.add(jooq("documents: referenced", ctx -> ctx.select(DOCUMENTS.BLOB_KEY).from(DOCUMENTS)
                .where(DOCUMENTS.BLOB_KEY.in(Collections.nCopies(SqliteDocumentCatalog.REFERENCE_CHUNK, "k")))));
        queries.add(jooq("documents: all, first page", ctx -> SqliteDocumentCatalog.allQuery(ctx, Optional.empty(), 51)));
        queries.add(jooq("documents: all, next page", ctx -> SqliteDocumentCatalog.allQuery(ctx,
                Optional.of(DocumentPosition.at(DocumentPosition.Order.ID, false, id, 0)), 51)));
        for (Optional<UserId> scope : List.of(Optional.of(owner), Optional.<UserId>empty())) {
            for (Sort sort : Sort.values()) {
                for (boolean desc : List.of(false, true)) {
                    for (Optional<String> mime : List.of(Optional.<String>empty(), Optional.of("image/png"), Optional.of("image/*"))) {
                        for (Optional<String> prefix : List.of(Optional.<String>empty(), Optional.of("a%_"))) {
                            DocumentQuery query = new DocumentQuery(sort, desc, mime, prefix);
                            for (Optional<DocumentPosition> after : List.of(Optional.<DocumentPosition>empty(),
                                    Optional.of(cursorFor(sort, desc, id)))) {
                                String name = "documents: " + (scope.isPresent() ? "owner" : "public") + " list by " + sort
                                        + (desc ? " desc" : " asc") + mime.map(m -> ", mime " + m).orElse("")
                                        + prefix.map(p -> ", prefix").orElse("") + (after.isPresent() ? ", next page" : "");
                                queries.add(jooq(name, ctx -> SqliteDocumentCatalog.listQuery(ctx, scope, query, after, 51)));
                            }
                        }
                    }
                }
            }
        }
        queries.add(jooq("uploads: find", ctx -> ctx.selectFrom(RESUMABLE_UPLOADS).where(RESUMABLE_UPLOADS.ID.eq("x"))));
        queries.add(jooq("uploads: advance", ctx -> ctx.update(RESUMABLE_UPLOADS).set(RESUMABLE_UPLOADS.UPLOAD_OFFSET, 5L)
                .where(RESUMABLE_UPLOADS.ID.eq("x").and(RESUMABLE_UPLOADS.UPLOAD_OFFSET.eq(0L)))));
        queries.add(jooq("uploads: expired", ctx -> ctx.selectFrom(RESUMABLE_UPLOADS)
                .where(RESUMABLE_UPLOADS.EXPIRES_AT.le(0L))
                .orderBy(RESUMABLE_UPLOADS.EXPIRES_AT, RESUMABLE_UPLOADS.ID).limit(100)));
        queries.add(jooq("tokens: by secret hash", ctx -> ctx.selectFrom(API_TOKENS).where(API_TOKENS.SECRET_HASH.eq("h"))));
        queries.add(jooq("tokens: find", ctx -> ctx.selectFrom(API_TOKENS).where(API_TOKENS.ID.eq("x"))));
        queries.add(jooq("tokens: list", ctx -> ctx.selectFrom(API_TOKENS).orderBy(API_TOKENS.CREATED_AT, API_TOKENS.ID)));
        return queries.build();
    }

    static DocumentPosition cursorFor(Sort sort, boolean desc, DocumentId id) {
        return sort == Sort.NAME
                ? DocumentPosition.atName(desc, id, "report")
                : DocumentPosition.at(DocumentPosition.Order.valueOf(sort.name()), desc, id, 42);
    }

    /** The job queue's statements: every one a job passes through, and every history query. */
    static Stream<Named<Function<DSLContext, String>>> queueQueries() {
        JobFilter all = JobFilter.all();
        JobFilter queue = JobFilter.queue(new QueueName("q"));
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        Stream<Named<Function<DSLContext, String>>> fixed = Stream.of(
                hot("queue: insert", JobStatements.INSERT),
                hot("queue: insert many", JobStatements.INSERT_MANY),
                hot("queue: find by id", JobStatements.FIND),
                hot("queue: dedup lookup", JobStatements.FIND_BY_DEDUP),
                hot("queue: external ref lookup", JobStatements.FIND_BY_REF),
                hot("queue: settings", JobStatements.SETTINGS),
                hot("queue: running count", JobStatements.RUNNING_COUNT),
                hot("queue: claim", JobStatements.CLAIM),
                hot("queue: heartbeat", JobStatements.HEARTBEAT),
                hot("queue: complete", JobStatements.COMPLETE),
                hot("queue: complete many", JobStatements.COMPLETE_MANY),
                hot("queue: fail, release, cancel, retry, recover (transition)", JobStatements.TRANSITION),
                hot("queue: recover expired leases", JobStatements.EXPIRED),
                hot("queue: next due", JobStatements.NEXT_DUE),
                hot("queue: retention delete", JobStatements.DELETE_FINISHED),
                hot("queue: save settings", JobStatements.SAVE_SETTINGS),
                jooq("queue: queues with jobs", JobHistory::jobQueuesQuery),
                jooq("queue: counts by queue", JobHistory::countsByQueueQuery),
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
