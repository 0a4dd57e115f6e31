package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Checkpoints happen beside the writer, not on it, and only the engine runs them (see ChangeTracker). */
class BackgroundCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void noConnectionCheckpointsOnItsOwn() throws Exception {
        try (TestEngine test = TestEngine.started(dir)) {
            int pages = test.engine.onWriter(session -> Integer.parseInt(session.queryString("PRAGMA wal_autocheckpoint")));
            assertThat(pages).isZero();
            var connections = new ConnectionFactory(TestEngine.settings(dir));
            for (Session session : new Session[] {connections.openReader(), connections.openCheckpointer()}) {
                try (session) {
                    assertThat(session.queryString("PRAGMA wal_autocheckpoint")).isEqualTo("0");
                }
            }
        }
    }

    @Test
    void aWalThatGrowsPastItsLimitIsCheckpointedInTheBackground() throws Exception {
        // The periodic checkpoint is an hour away here: only the WAL's size can trigger this one.
        try (TestEngine test = TestEngine.started(dir)) {
            String value = "x".repeat(64 * 1024);
            int rows = (int) (SqliteEngine.WAL_CHECKPOINT_BYTES / value.length()) + 16;
            for (int i = 0; i < rows; i++) {
                test.put("k" + i, value);
            }
            var passive = test.registry.get("stowage.sqlite.checkpoints").tag("mode", "passive").counter();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (passive.count() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(passive.count()).isGreaterThanOrEqualTo(1);
            assertThat(test.count()).isEqualTo(rows);
        }
    }
}
