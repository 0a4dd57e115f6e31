package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;

import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
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

    @BeforeAll
    static void migrate() {
        test = TestEngine.started(dir);
    }

    @AfterAll
    static void close() {
        test.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hotQueries")
    void usesAnIndex(Function<DSLContext, String> query) {
        test.db.read(ctx -> ctx.connectionResult(connection -> {
            QueryPlans.assertUsesIndexes(connection, query.apply(ctx));
            return null;
        }));
    }

    private static Named<Function<DSLContext, String>> sql(String name, String sql) {
        return Named.of(name, ctx -> sql);
    }

    private static Named<Function<DSLContext, String>> jooq(String name, Function<DSLContext, ? extends Query> query) {
        return Named.of(name, ctx -> ctx.render(query.apply(ctx)));
    }
}
