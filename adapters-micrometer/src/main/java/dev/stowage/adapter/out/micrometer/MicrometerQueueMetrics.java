package dev.stowage.adapter.out.micrometer;

import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The queue services' reports as Micrometer meters, named {@code stowage.queue.*} and tagged by
 * queue (and job type where the report names one). Meters are looked up once per tag set and kept,
 * since these calls sit on every job's path. The gauges {@code stowage.queue.jobs{queue, state}}
 * show the last {@link #jobCounts} report.
 */
final class MicrometerQueueMetrics implements QueueMetrics {
    static final String PREFIX = "stowage.queue.";

    private record Key(String meter, String queue, String type) {
    }

    private record GaugeKey(String queue, JobState state) {
    }

    private final MeterRegistry registry;
    private final Map<Key, Counter> counters = new ConcurrentHashMap<>();
    private final Map<Key, Timer> timers = new ConcurrentHashMap<>();
    private final Map<GaugeKey, AtomicLong> jobs = new ConcurrentHashMap<>();

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

    /** Sets the jobs-by-state gauges; a state or queue no longer reported reads 0. */
    @Override
    public void jobCounts(Map<QueueName, Map<JobState, Long>> byQueue) {
        Set<GaugeKey> seen = new HashSet<>();
        byQueue.forEach((queue, byState) -> {
            for (JobState state : JobState.values()) {
                GaugeKey key = new GaugeKey(queue.value(), state);
                seen.add(key);
                jobsGauge(key).set(byState.getOrDefault(state, 0L));
            }
        });
        jobs.forEach((key, value) -> {
            if (!seen.contains(key)) {
                value.set(0);
            }
        });
    }

    private AtomicLong jobsGauge(GaugeKey key) {
        return jobs.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(PREFIX + "jobs", value, AtomicLong::get)
                    .description("Jobs in a queue by state, as last counted")
                    .tag("queue", k.queue())
                    .tag("state", k.state().name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
            return value;
        });
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
