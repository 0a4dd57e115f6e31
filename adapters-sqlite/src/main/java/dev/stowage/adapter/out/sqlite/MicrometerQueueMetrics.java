package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The queue services' reports as Micrometer meters, named {@code stowage.queue.*} and tagged by
 * queue (and job type where the report names one). Meters are looked up once per tag set and kept,
 * since these calls sit on every job's path.
 */
final class MicrometerQueueMetrics implements QueueMetrics {
    static final String PREFIX = "stowage.queue.";

    private record Key(String meter, String queue, String type) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();

    MicrometerQueueMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void enqueued(QueueName queue, int count) {
        counter("enqueued", "Jobs stored by enqueue (duplicates not counted)", queue, null).increment(count);
    }

    @Override
    public void claimed(QueueName queue, int count) {
        counter("claimed", "Jobs handed to workers", queue, null).increment(count);
    }

    @Override
    public void startDelay(QueueName queue, Duration delay) {
        timer("start.delay", "From a job becoming due (enqueue, run-at) to a worker claiming it", queue, null)
                .record(delay);
    }

    @Override
    public void completed(QueueName queue, JobType type, Duration runTime) {
        counter("completed", "Jobs completed", queue, type).increment();
        timer("run.time", "Run time of completed jobs (last attempt, start to finish)", queue, type).record(runTime);
    }

    @Override
    public void retried(QueueName queue, JobType type) {
        counter("retried", "Failed attempts that will be tried again", queue, type).increment();
    }

    @Override
    public void failed(QueueName queue, JobType type) {
        counter("failed", "Jobs failed with no attempts left", queue, type).increment();
    }

    @Override
    public void cancelled(QueueName queue, JobType type) {
        counter("cancelled", "Running jobs stopped on a cancel request", queue, type).increment();
    }

    private Counter counter(String name, String description, QueueName queue, JobType type) {
        Key key = new Key(name, queue.value(), type == null ? null : type.value());
        Counter counter = counters.get(key);
        if (counter == null) {
            counter = counters.computeIfAbsent(key, k -> {
                Counter.Builder builder = Counter.builder(PREFIX + name).description(description).tag("queue", k.queue());
                return (k.type() == null ? builder : builder.tag("type", k.type())).register(registry);
            });
        }
        return counter;
    }

    private Timer timer(String name, String description, QueueName queue, JobType type) {
        Key key = new Key(name, queue.value(), type == null ? null : type.value());
        Timer timer = timers.get(key);
        if (timer == null) {
            timer = timers.computeIfAbsent(key, k -> {
                Timer.Builder builder = Timer.builder(PREFIX + name).description(description).tag("queue", k.queue())
                        .publishPercentiles(0.5, 0.95, 0.99);
                return (k.type() == null ? builder : builder.tag("type", k.type())).register(registry);
            });
        }
        return timer;
    }
}
