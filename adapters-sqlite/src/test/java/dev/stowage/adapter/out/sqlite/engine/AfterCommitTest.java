package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's after-commit actions, which the document cache invalidates with. */
class AfterCommitTest {
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
    void runsOnceTheWriteIsCommittedAndBeforeItsCallerReturns() {
        AtomicReference<Optional<String>> seenByAction = new AtomicReference<>();

        test.engine.writeVoid(() -> {
            test.put("k", "v");
            // a fresh read from another connection: only a committed row is visible to it
            test.db.afterCommit(() -> seenByAction.set(test.get("k")));
            assertThat(seenByAction.get()).as("not yet committed").isNull();
        });

        assertThat(seenByAction.get()).contains("v");
    }

    @Test
    void aNestedWriteDefersItsActionToTheOuterCommit() {
        List<String> events = new CopyOnWriteArrayList<>();

        test.engine.writeVoid(() -> {
            test.engine.writeVoid(() -> {
                test.put("k", "v");
                test.db.afterCommit(() -> events.add("action"));
            });
            events.add("outer work done");
        });

        assertThat(events).containsExactly("outer work done", "action");
    }

    @Test
    void isDroppedWhenTheTransactionRollsBack() {
        List<String> events = new CopyOnWriteArrayList<>();

        assertThatThrownBy(() -> test.engine.writeVoid(() -> {
            test.put("k", "v");
            test.db.afterCommit(() -> events.add("action"));
            throw new IllegalStateException("boom");
        })).hasMessage("boom");

        assertThat(events).isEmpty();
    }

    @Test
    void aFailingActionDoesNotUndoTheCommitNorStopTheOthers() {
        List<String> events = new CopyOnWriteArrayList<>();

        test.engine.writeVoid(() -> {
            test.put("k", "v");
            test.db.afterCommit(() -> {
                throw new IllegalStateException("action failed");
            });
            test.db.afterCommit(() -> events.add("second"));
        });

        assertThat(events).containsExactly("second");
        assertThat(test.get("k")).contains("v");
    }

    @Test
    void runsAtOnceOutsideATransactionAndIsRefusedInsideARead() {
        List<String> events = new CopyOnWriteArrayList<>();

        test.db.afterCommit(() -> events.add("now"));

        assertThat(events).containsExactly("now");
        assertThat(test.db.inTransaction()).isFalse();
        assertThat(test.engine.read(() -> test.db.inTransaction())).isTrue();
        assertThatThrownBy(() -> test.engine.read(() -> {
            test.db.afterCommit(() -> events.add("never"));
            return null;
        })).isInstanceOf(IllegalStateException.class);
    }
}
