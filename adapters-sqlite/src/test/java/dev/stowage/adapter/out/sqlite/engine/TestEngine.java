package dev.stowage.adapter.out.sqlite.engine;

import static dev.stowage.adapter.out.sqlite.schema.Tables.STOWAGE_META;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A real engine on a real file, with the helpers tests need to write and read stowage_meta. */
public final class TestEngine implements AutoCloseable {
    public final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    public final SqliteEngine engine;
    public final Db db;
    public final SqliteDatabaseAdmin admin;

    private TestEngine(SqliteSettings settings) {
        engine = new SqliteEngine(settings, registry);
        db = new Db(engine);
        admin = new SqliteDatabaseAdmin(engine);
    }

    /** Settings for tests: a short busy timeout and no periodic checkpoint during a test. */
    public static SqliteSettings settings(Path dir) {
        return new SqliteSettings(dir.resolve("data").resolve("stowage.db"), SqliteSettings.Synchronous.NORMAL, 2,
                Duration.ofMillis(100), 3, Duration.ofHours(1), true);
    }

    public static TestEngine started(Path dir) {
        return started(settings(dir));
    }

    public static TestEngine started(SqliteSettings settings) {
        TestEngine test = new TestEngine(settings);
        test.engine.start();
        return test;
    }

    public static TestEngine unstarted(SqliteSettings settings) {
        return new TestEngine(settings);
    }

    public void put(String key, String value) {
        db.write(ctx -> ctx.insertInto(STOWAGE_META)
                .set(STOWAGE_META.KEY, key)
                .set(STOWAGE_META.VALUE, value)
                .onConflict(STOWAGE_META.KEY).doUpdate().set(STOWAGE_META.VALUE, value)
                .execute());
    }

    public void insert(String key, String value) {
        db.write(ctx -> ctx.insertInto(STOWAGE_META)
                .set(STOWAGE_META.KEY, key)
                .set(STOWAGE_META.VALUE, value)
                .execute());
    }

    public Optional<String> get(String key) {
        return db.read(ctx -> ctx.select(STOWAGE_META.VALUE).from(STOWAGE_META)
                .where(STOWAGE_META.KEY.eq(key))
                .fetchOptional(STOWAGE_META.VALUE));
    }

    public int count() {
        return db.read(ctx -> ctx.fetchCount(STOWAGE_META));
    }

    /**
     * Holds the writer thread in a transaction until {@code release}, so that the callers that come
     * next queue up and form one batch; returns once the writer is held.
     */
    public Future<?> holdWriter(ExecutorService callers, CountDownLatch release) {
        var holding = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> engine.writeVoid(() -> {
            put("holder", "1");
            holding.countDown();
            await(release);
        }));
        await(holding);
        return holder;
    }

    /** Waits until {@code n} write tasks are queued for the writer thread. */
    public void waitUntilQueued(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (engine.queuedWrites() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("only " + engine.queuedWrites() + " of " + n + " writes queued");
            }
            Thread.sleep(5);
        }
    }

    /** Waits for {@code latch}, at most 10 seconds. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("latch not released in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        engine.stop();
    }
}
