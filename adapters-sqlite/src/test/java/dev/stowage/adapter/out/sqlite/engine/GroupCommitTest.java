package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.DistributionSummary;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitTest {
    @TempDir
    Path dir;
    TestEngine test;
    ExecutorService callers;

    @BeforeEach
    void start() {
        test = TestEngine.started(dir);
        callers = Executors.newFixedThreadPool(16);
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        test.close();
    }

    /** Thrown by the callers that are meant to fail. */
    static final class CallerFailed extends RuntimeException {
        CallerFailed(int caller) {
            super("caller " + caller + " fails");
        }
    }

    @Test
    void writersThatArriveTogetherShareOneCommitAndAFailingOneSinksOnlyItself() throws Exception {
        var release = new CountDownLatch(1);
        Future<?> holder = test.holdWriter(callers, release);

        int n = 12;
        List<CallerFailed> thrown = new ArrayList<>();
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int caller = i;
            CallerFailed failure = new CallerFailed(caller);
            thrown.add(failure);
            results.add(callers.submit(() -> test.engine.write(() -> {
                test.put("k" + caller, "v");
                if (caller % 3 == 0) {
                    throw failure;
                }
                return "ok " + caller;
            })));
        }
        test.waitUntilQueued(n);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < n; i++) {
            if (i % 3 == 0) {
                try {
                    results.get(i).get(10, TimeUnit.SECONDS);
                    fail("caller " + i + " should have failed");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isSameAs(thrown.get(i));
                }
                assertThat(test.get("k" + i)).as("caller %d", i).isEmpty();
            } else {
                assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("ok " + i);
                assertThat(test.get("k" + i)).as("caller %d", i).contains("v");
            }
        }
        DistributionSummary batches = test.registry.get("stowage.sqlite.group.commit.batch.size").summary();
        assertThat(batches.max()).isGreaterThanOrEqualTo(n);
    }

    @Test
    void aFailedNestedWriteThatTheCallerCatchesLeavesNothingInABatchAndTheCallersOtherWritesCommit() throws Exception {
        // the first nested write of a caller in a batch stands on the caller's own savepoint; this
        // pins that its failure still undoes only itself, whether or not the caller wrote before it
        var release = new CountDownLatch(1);
        Future<?> holder = test.holdWriter(callers, release);

        int n = 10;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int caller = i;
            results.add(callers.submit(() -> test.engine.write(() -> {
                test.get("holder");
                if (caller % 2 == 1) {
                    test.put("before" + caller, "v");
                }
                try {
                    test.db.write(ctx -> {
                        test.put("failed" + caller, "v");
                        throw new CallerFailed(caller);
                    });
                    fail("the nested write should have failed");
                } catch (CallerFailed expected) {
                    // caught: the caller goes on with its unit of work
                }
                test.put("after" + caller, "v");
                return "ok " + caller;
            })));
        }
        test.waitUntilQueued(n);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        for (int i = 0; i < n; i++) {
            assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("ok " + i);
            assertThat(test.get("failed" + i)).as("caller %d", i).isEmpty();
            assertThat(test.get("after" + i)).as("caller %d", i).contains("v");
            assertThat(test.get("before" + i)).as("caller %d", i).isEqualTo(
                    i % 2 == 1 ? Optional.of("v") : Optional.<String>empty());
        }
        DistributionSummary batches = test.registry.get("stowage.sqlite.group.commit.batch.size").summary();
        assertThat(batches.max()).isGreaterThanOrEqualTo(n);
    }

    @Test
    void manyThreadsWritingAtOnceLoseNothingAndKeepNoFailedWork() throws Exception {
        int threads = 8;
        int perThread = 40;
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(callers.submit(() -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "t" + thread + "-" + i;
                    boolean fails = i % 4 == 0;
                    try {
                        test.engine.writeVoid(() -> {
                            test.put(key, "v");
                            if (fails) {
                                throw new CallerFailed(thread);
                            }
                        });
                    } catch (CallerFailed expected) {
                        assertThat(fails).isTrue();
                    }
                }
            }));
        }
        for (Future<?> f : done) {
            f.get(60, TimeUnit.SECONDS);
        }

        assertThat(test.count()).isEqualTo(threads * perThread * 3 / 4);
        assertThat(test.get("t0-0")).isEmpty();
        assertThat(test.get("t0-1")).contains("v");
        double commits = test.registry.get("stowage.sqlite.commits").counter().count();
        assertThat(commits).isPositive().isLessThanOrEqualTo(threads * perThread * 3 / 4);
    }

    @Test
    void aCallerThatFillsTheDiskFailsAloneAndTheOthersInItsBatchCommit() throws Exception {
        test.put("seed", "1");
        long pages = test.db.read(ctx -> ((Number) ctx.fetchValue("PRAGMA page_count")).longValue());
        test.db.write(ctx -> ctx.fetch("PRAGMA max_page_count = " + (pages + 4)));
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> test.engine.writeVoid(() -> {
            holding.countDown();
            TestEngine.await(release);
        }));
        TestEngine.await(holding);

        Future<?> before = callers.submit(() -> test.put("before", "1"));
        test.waitUntilQueued(1);
        Future<?> filler = callers.submit(() -> test.db.write(ctx -> ctx.execute(
                "INSERT INTO stowage_meta (key, value) VALUES ('big', hex(randomblob(100000)))")));
        test.waitUntilQueued(2);
        Future<?> after = callers.submit(() -> test.put("after", "1"));
        test.waitUntilQueued(3);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> filler.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.stowage.domain.error.StorageFullException.class);
        test.db.write(ctx -> ctx.fetch("PRAGMA max_page_count = 1073741823"));
        assertThat(test.get("before")).contains("1");
        assertThat(test.get("after")).contains("1");
        assertThat(test.get("big")).isEmpty();
    }

    @Test
    void whenTheTransactionEndsUnderABatchTheOtherCallersRunAgainAndCommit() throws Exception {
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        Future<?> holder = callers.submit(() -> test.engine.writeVoid(() -> {
            holding.countDown();
            TestEngine.await(release);
        }));
        TestEngine.await(holding);
        var beforeRuns = new java.util.concurrent.atomic.AtomicInteger();

        Future<?> before = callers.submit(() -> test.engine.writeVoid(() -> {
            beforeRuns.incrementAndGet();
            test.put("before", "1");
        }));
        test.waitUntilQueued(1);
        // what SQLite does on its own after some I/O errors: the whole transaction is gone
        Future<?> breaker = callers.submit(() -> test.db.write(ctx -> ctx.execute("ROLLBACK")));
        test.waitUntilQueued(2);
        Future<?> after = callers.submit(() -> test.put("after", "1"));
        test.waitUntilQueued(3);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        before.get(10, TimeUnit.SECONDS);
        after.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> breaker.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(dev.stowage.domain.error.StorageException.class);
        assertThat(beforeRuns).hasValue(2);
        assertThat(test.get("before")).contains("1");
        assertThat(test.get("after")).contains("1");
    }
}
