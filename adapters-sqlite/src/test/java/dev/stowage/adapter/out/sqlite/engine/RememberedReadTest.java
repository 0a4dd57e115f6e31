package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Db#readRemembered}: one read per write transaction, never an answer the transaction has undone or changed. */
class RememberedReadTest {
    private static final String KEY = "setting";

    @TempDir
    Path dir;
    TestEngine test;
    ExecutorService callers;
    final AtomicInteger reads = new AtomicInteger();

    @BeforeEach
    void start() {
        test = TestEngine.started(dir);
        test.put(KEY, "old");
        callers = Executors.newFixedThreadPool(12);
    }

    @AfterEach
    void stop() throws InterruptedException {
        callers.shutdownNow();
        callers.awaitTermination(10, TimeUnit.SECONDS);
        test.close();
    }

    /** The value of {@link #KEY}, read through {@code readRemembered}, counting the reads that reach SQLite. */
    private String remembered() {
        return test.db.readRemembered(KEY, session -> {
            reads.incrementAndGet();
            // kept prepared by the session, so not closed here
            var statement = session.prepared("SELECT value FROM stowage_meta WHERE key = ?");
            statement.setString(1, KEY);
            try (ResultSet row = statement.executeQuery()) {
                return row.next() ? row.getString(1) : "none";
            }
        });
    }

    @Test
    void callersGroupedInOneCommitShareOneRead() throws Exception {
        var release = new CountDownLatch(1);
        Future<?> holder = test.holdWriter(callers, release);
        int n = 8;
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            results.add(callers.submit(() -> test.engine.write(this::remembered)));
        }
        test.waitUntilQueued(n);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        for (Future<String> result : results) {
            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        }
        assertThat(reads).hasValue(1);
    }

    @Test
    void aCallerWhoseWorkIsRolledBackLeavesNoAnswerBehindForTheNextCallerOfItsGroup() throws Exception {
        var release = new CountDownLatch(1);
        Future<?> holder = test.holdWriter(callers, release);
        Future<String> undone = callers.submit(() -> test.engine.write(() -> {
            test.put(KEY, "undone");
            String seen = remembered();
            assertThat(seen).isEqualTo("undone");
            throw new IllegalStateException("rolled back after reading " + seen);
        }));
        test.waitUntilQueued(1);
        Future<String> next = callers.submit(() -> test.engine.write(this::remembered));
        test.waitUntilQueued(2);
        release.countDown();
        holder.get(10, TimeUnit.SECONDS);

        assertThatThrownBy(() -> undone.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class);
        assertThat(next.get(10, TimeUnit.SECONDS)).isEqualTo("old");
        assertThat(test.get(KEY)).contains("old");
    }

    @Test
    void aNestedWriteRolledBackUnderTheCallerDropsWhatWasRememberedAfterIt() {
        String seen = test.engine.write(() -> {
            try {
                test.db.write(ctx -> {
                    test.put(KEY, "undone");
                    assertThat(remembered()).isEqualTo("undone");
                    throw new IllegalStateException("the nested write fails");
                });
                fail("the nested write should have failed");
            } catch (IllegalStateException expected) {
                // caught: the caller goes on, and must not see what was undone
            }
            return remembered();
        });
        assertThat(seen).isEqualTo("old");
    }

    @Test
    void aStoreThatChangesTheRowsForgetsAndTheNextReadSeesTheChange() {
        List<String> seen = test.engine.write(() -> {
            String before = remembered();
            test.put(KEY, "new");
            test.db.forgetRemembered();
            return List.of(before, remembered());
        });
        assertThat(seen).containsExactly("old", "new");
        assertThat(reads).hasValue(2);
    }

    @Test
    void outsideAWriteEveryCallReads() {
        assertThat(remembered()).isEqualTo("old");
        assertThat(test.engine.read(() -> remembered() + remembered())).isEqualTo("oldold");
        assertThat(reads).hasValue(3);
    }

    @Test
    void separateTransactionsReadAgain() {
        assertThat(test.engine.write(this::remembered)).isEqualTo("old");
        test.put(KEY, "new");
        assertThat(test.engine.write(this::remembered)).isEqualTo("new");
        assertThat(reads).hasValue(2);
    }
}
