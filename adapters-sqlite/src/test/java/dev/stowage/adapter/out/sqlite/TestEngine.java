package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** A real engine on a real file, with the helpers tests need to write and read stowage_meta. */
final class TestEngine implements AutoCloseable {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SqliteEngine engine;
    final Db db;
    final SqliteDatabaseAdmin admin;

    private TestEngine(SqliteSettings settings) {
        engine = new SqliteEngine(settings, registry);
        db = new Db(engine);
        admin = new SqliteDatabaseAdmin(engine);
    }

    /** Settings for tests: a short busy timeout and no periodic checkpoint during a test. */
    static SqliteSettings settings(Path dir) {
        return new SqliteSettings(dir.resolve("data").resolve("stowage.db"), SqliteSettings.Synchronous.NORMAL, 2,
                Duration.ofMillis(100), 3, Duration.ofHours(1), true);
    }

    static TestEngine started(Path dir) {
        return started(settings(dir));
    }

    static TestEngine started(SqliteSettings settings) {
        TestEngine test = new TestEngine(settings);
        test.engine.start();
        return test;
    }

    static TestEngine unstarted(SqliteSettings settings) {
        return new TestEngine(settings);
    }

    void put(String key, String value) {
        db.write(ctx -> ctx.insertInto(STOWAGE_META)
                .set(STOWAGE_META.KEY, key)
                .set(STOWAGE_META.VALUE, value)
                .onConflict(STOWAGE_META.KEY).doUpdate().set(STOWAGE_META.VALUE, value)
                .execute());
    }

    void insert(String key, String value) {
        db.write(ctx -> ctx.insertInto(STOWAGE_META)
                .set(STOWAGE_META.KEY, key)
                .set(STOWAGE_META.VALUE, value)
                .execute());
    }

    Optional<String> get(String key) {
        return db.read(ctx -> ctx.select(STOWAGE_META.VALUE).from(STOWAGE_META)
                .where(STOWAGE_META.KEY.eq(key))
                .fetchOptional(STOWAGE_META.VALUE));
    }

    int count() {
        return db.read(ctx -> ctx.fetchCount(STOWAGE_META));
    }

    @Override
    public void close() {
        engine.stop();
    }
}
