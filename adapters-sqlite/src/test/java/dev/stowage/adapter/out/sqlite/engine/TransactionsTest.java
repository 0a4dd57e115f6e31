package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransactionsTest {
    @TempDir
    Path dir;
    TestEngine test;

    @BeforeEach
    void start() {
        test = TestEngine.started(dir);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void committedWorkIsVisibleAndReturnsItsResult() {
        String result = test.engine.write(() -> {
            test.put("a", "1");
            test.put("b", "2");
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(test.get("a")).contains("1");
        assertThat(test.get("b")).contains("2");
    }

    @Test
    void workThatThrowsKeepsNothingAndItsExceptionComesBackUnchanged() {
        var boom = new IllegalStateException("boom");

        assertThatThrownBy(() -> test.engine.writeVoid(() -> {
            test.put("a", "1");
            throw boom;
        })).isSameAs(boom);

        assertThat(test.get("a")).isEmpty();
    }

    @Test
    void domainErrorsFromTheWorkPassThroughUntouched() {
        var missing = NotFoundException.of("job", "j1");

        assertThatThrownBy(() -> test.engine.writeVoid(() -> {
            test.put("a", "1");
            throw missing;
        })).isSameAs(missing);
        assertThatThrownBy(() -> test.engine.read(() -> {
            throw missing;
        })).isSameAs(missing);
    }

    @Test
    void nestedWritesJoinTheOuterTransactionOnTheSameThread() {
        AtomicReference<Thread> outer = new AtomicReference<>();
        AtomicReference<Thread> inner = new AtomicReference<>();

        test.engine.writeVoid(() -> {
            outer.set(Thread.currentThread());
            test.put("outer", "1");
            test.engine.writeVoid(() -> {
                inner.set(Thread.currentThread());
                test.put("inner", "1");
            });
            // the outer transaction sees the inner write before anything is committed
            assertThat(test.get("inner")).contains("1");
        });

        assertThat(inner.get()).isSameAs(outer.get());
        assertThat(test.get("outer")).contains("1");
        assertThat(test.get("inner")).contains("1");
    }

    @Test
    void aFailedNestedWriteUndoesOnlyItsOwnWork() {
        var boom = new IllegalArgumentException("inner fails");

        test.engine.writeVoid(() -> {
            test.put("before", "1");
            assertThatThrownBy(() -> test.engine.writeVoid(() -> {
                test.put("inner", "1");
                throw boom;
            })).isSameAs(boom);
            test.put("after", "1");
        });

        assertThat(test.get("before")).contains("1");
        assertThat(test.get("inner")).isEmpty();
        assertThat(test.get("after")).contains("1");
    }

    @Test
    void anOuterFailureUndoesTheNestedWritesToo() {
        assertThatThrownBy(() -> test.engine.writeVoid(() -> {
            test.engine.writeVoid(() -> test.put("inner", "1"));
            throw new IllegalStateException("outer fails");
        })).hasMessage("outer fails");

        assertThat(test.get("inner")).isEmpty();
    }

    @Test
    void aReadInsideAWriteSeesTheWritesOwnChanges() {
        test.engine.writeVoid(() -> {
            test.put("a", "1");
            assertThat(test.engine.read(() -> test.get("a"))).contains("1");
        });
    }

    @Test
    void writingInsideAReadFails() {
        assertThatThrownBy(() -> test.engine.read(() -> {
            test.put("a", "1");
            return null;
        })).isInstanceOf(IllegalStateException.class).hasMessageContaining("inside Transactions.read");

        // a statement that writes, sent through read(), is refused by the read-only connection
        assertThatThrownBy(() -> test.db.read(ctx -> ctx.execute(
                "INSERT INTO stowage_meta (key, value) VALUES ('a', '1')")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(test.get("a")).isEmpty();
    }

    @Test
    void aReadSeesOneSnapshotWhileOthersCommit() {
        test.put("k", "v1");

        String[] seen = test.engine.read(() -> {
            String first = test.get("k").orElseThrow();
            // another thread commits a change while this snapshot is open
            CompletableFuture.runAsync(() -> test.put("k", "v2")).join();
            String second = test.get("k").orElseThrow();
            return new String[] {first, second};
        });

        assertThat(seen).containsExactly("v1", "v1");
        assertThat(test.get("k")).contains("v2");
    }

    @Test
    void afterStopEveryCallFailsAsUnavailable() {
        test.put("a", "1");
        test.engine.stop();

        assertThatThrownBy(() -> test.put("b", "1")).isInstanceOf(StorageUnavailableException.class);
        assertThatThrownBy(() -> test.get("a")).isInstanceOf(StorageUnavailableException.class);
    }

    @Test
    void dataSurvivesARestart() {
        test.put("a", "1");
        test.engine.stop();

        try (TestEngine again = TestEngine.started(dir)) {
            assertThat(again.get("a")).contains("1");
        }
    }
}
