package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.Managed;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges {@code stowage.queue.jobs{queue, state}}: how many jobs each queue holds in each state.
 * Counted by one query on a timer, not per scrape, so a scraper polling often (or several
 * scrapers) costs the database nothing extra; the figures are at most one interval old.
 */
final class QueueGauges implements Managed {
    private static final Logger log = LoggerFactory.getLogger(QueueGauges.class);

    private record Key(String queue, JobState state) {
    }

    private final JobHistory history;
    private final MeterRegistry registry;
    private final Duration interval;
    private final Map<Key, AtomicLong> values = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;

    QueueGauges(Db db, MeterRegistry registry, Duration interval) {
        this.history = new JobHistory(Objects.requireNonNull(db, "db"));
        this.registry = Objects.requireNonNull(registry, "registry");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    @Override
    public int phase() {
        // after the engine (0), before anything that serves requests
        return 10;
    }

    @Override
    public String name() {
        return "queue-gauges";
    }

    @Override
    public synchronized void start() {
        // counted on the timer only, from now on: start-up must not fail on the gauges (an admin
        // command may open a database whose queue tables are not migrated yet)
        timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "stowage-queue-gauges");
            thread.setDaemon(true);
            return thread;
        });
        long every = interval.toMillis();
        timer.scheduleWithFixedDelay(this::refreshQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Counts every queue's jobs by state now; a state or queue no longer seen reads 0. */
    void refresh() {
        Map<QueueName, Map<JobState, Long>> counts = history.countsByQueue();
        Set<Key> seen = new HashSet<>();
        counts.forEach((queue, byState) -> {
            for (JobState state : JobState.values()) {
                Key key = new Key(queue.value(), state);
                seen.add(key);
                gauge(key).set(byState.getOrDefault(state, 0L));
            }
        });
        values.forEach((key, value) -> {
            if (!seen.contains(key)) {
                value.set(0);
            }
        });
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // the gauges keep their last figures; the next run tries again
            log.warn("Counting jobs for the queue gauges failed", e);
        }
    }

    private AtomicLong gauge(Key key) {
        return values.computeIfAbsent(key, k -> {
            AtomicLong value = new AtomicLong();
            Gauge.builder(MicrometerQueueMetrics.PREFIX + "jobs", value, AtomicLong::get)
                    .description("Jobs in a queue by state, counted every " + interval.toSeconds() + " s")
                    .tag("queue", k.queue())
                    .tag("state", k.state().name().toLowerCase(Locale.ROOT))
                    .strongReference(true)
                    .register(registry);
            return value;
        });
    }
}
