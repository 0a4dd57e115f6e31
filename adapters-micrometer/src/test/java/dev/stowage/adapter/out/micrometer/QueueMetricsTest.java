package dev.stowage.adapter.out.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueMetricsTest {
    static final QueueName QUEUE = new QueueName("media");
    static final JobType RENDER = new JobType("render");

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
    void gaugesShowJobsByQueueAndStateAsOfTheLastReport() {
        var registry = new SimpleMeterRegistry();
        var metrics = new MicrometerQueueMetrics(registry);

        metrics.jobCounts(Map.of(QUEUE, Map.of(JobState.PENDING, 2L, JobState.RUNNING, 1L)));
        assertThat(registry.get("stowage.queue.jobs").tag("queue", "media").tag("state", "pending").gauge().value())
                .isEqualTo(2);
        assertThat(registry.get("stowage.queue.jobs").tag("state", "running").gauge().value()).isEqualTo(1);
        assertThat(registry.get("stowage.queue.jobs").tag("state", "completed").gauge().value()).isZero();

        metrics.jobCounts(Map.of(QUEUE, Map.of(JobState.PENDING, 0L, JobState.RUNNING, 3L)));
        assertThat(registry.get("stowage.queue.jobs").tag("state", "pending").gauge().value()).isZero();
        assertThat(registry.get("stowage.queue.jobs").tag("state", "running").gauge().value()).isEqualTo(3);

        // a queue no longer reported holds no jobs
        metrics.jobCounts(Map.of());
        assertThat(registry.get("stowage.queue.jobs").tag("state", "running").gauge().value()).isZero();
    }

    @Test
    void theModuleContributesTheQueueMetricsAndNeedsARegistry() {
        Injector injector = Guice.createInjector(new MicrometerModule(),
                binder -> binder.bind(MeterRegistry.class).toInstance(new SimpleMeterRegistry()));
        assertThat(injector.getInstance(Key.get(new TypeLiteral<Set<QueueMetrics>>() { })))
                .singleElement().isInstanceOf(MicrometerQueueMetrics.class);

        assertThatThrownBy(() -> Guice.createInjector(new MicrometerModule()))
                .isInstanceOf(CreationException.class)
                .hasMessageContaining("MeterRegistry");
    }
}
