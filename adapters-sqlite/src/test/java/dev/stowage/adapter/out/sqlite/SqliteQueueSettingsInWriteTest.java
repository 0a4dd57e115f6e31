package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A queue's settings are read once per write transaction (an enqueue reads them inside its write);
 * saving them in that transaction must still show the saved ones to the reads after it.
 */
class SqliteQueueSettingsInWriteTest {
    @TempDir
    Path dir;

    @Test
    void settingsSavedInAWriteAreWhatTheSameWriteReadsNext() {
        var queue = new QueueName("renders");
        QueueSettings defaults = QueueSettings.defaults(queue);
        QueueSettings saved = new QueueSettings(queue, true, 7, defaults.defaultMaxAttempts() + 4, defaults.backoff(),
                defaults.leaseDuration());
        try (TestEngine test = TestEngine.started(dir)) {
            var store = new SqliteJobStore(test.db, new MonotonicIdGenerator(Clock.systemUTC()));
            List<QueueSettings> seen = test.engine.write(() -> {
                QueueSettings before = store.settings(queue);
                store.saveSettings(saved);
                return List.of(before, store.settings(queue));
            });
            assertThat(seen).containsExactly(defaults, saved);
            assertThat(store.settings(queue)).isEqualTo(saved);
        }
    }
}
