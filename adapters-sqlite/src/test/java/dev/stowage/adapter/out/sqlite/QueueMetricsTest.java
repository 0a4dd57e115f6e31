package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QueueMetricsTest {
    static final QueueName QUEUE = new QueueName("media");
    static final JobType RENDER = new JobType("render");

    @TempDir
    Path dir;

    @Test
    void reportsBecomeCountersAndTimersTaggedByQueueAndType() {
        var registry = new SimpleMeterRegistry();
        var metrics = new MicrometerQueueMetrics(registry);

        metrics.enqueued(QUEUE, 3);
        metrics.claimed(QUEUE, 2);
        metrics.startDelay(QUEUE, Duration.ofMillis(4));
        metrics.completed(QUEUE, RENDER, Duration.ofSeconds(2));
        metrics.completed(QUEUE, RENDER, Duration.ofSeconds(4));
        metrics.retried(QUEUE, RENDER);
        metrics.failed(QUEUE, RENDER);

        assertThat(registry.get("stowage.queue.enqueued").tag("queue", "media").counter().count()).isEqualTo(3);
        assertThat(registry.get("stowage.queue.claimed").counter().count()).isEqualTo(2);
        assertThat(registry.get("stowage.queue.completed").tag("type", "render").counter().count()).isEqualTo(2);
        assertThat(registry.get("stowage.queue.run.time").timer().mean(java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(registry.get("stowage.queue.start.delay").timer().count()).isEqualTo(1);
        assertThat(registry.get("stowage.queue.retried").counter().count()).isEqualTo(1);
        assertThat(registry.get("stowage.queue.failed").counter().count()).isEqualTo(1);
    }

    @Test
    void gaugesShowJobsByQueueAndStateAsOfTheLastRefresh() {
        try (TestEngine test = TestEngine.started(dir)) {
            var ids = new MonotonicIdGenerator(Clock.systemUTC());
            var store = new SqliteJobStore(test.db, ids);
            Instant now = Instant.now();
            for (int i = 0; i < 3; i++) {
                store.insert(List.of(new NewJob(new JobId(ids.next()), QUEUE, RENDER, JsonText.emptyObject(), 0, 3, now,
                        Optional.empty(), Optional.empty(), Optional.empty(), now)));
            }
            store.claim(QUEUE, new WorkerId("w"), 1, now, Optional.empty());
            var registry = new SimpleMeterRegistry();
            var gauges = new QueueGauges(test.db, registry, Duration.ofHours(1));

            gauges.refresh();
            assertThat(registry.get("stowage.queue.jobs").tag("queue", "media").tag("state", "pending").gauge().value())
                    .isEqualTo(2);
            assertThat(registry.get("stowage.queue.jobs").tag("state", "running").gauge().value()).isEqualTo(1);
            assertThat(registry.get("stowage.queue.jobs").tag("state", "completed").gauge().value()).isZero();

            store.claim(QUEUE, new WorkerId("w"), 5, now, Optional.empty());
            gauges.refresh();
            assertThat(registry.get("stowage.queue.jobs").tag("state", "pending").gauge().value()).isZero();
            assertThat(registry.get("stowage.queue.jobs").tag("state", "running").gauge().value()).isEqualTo(3);
        }
    }
}
