package dev.stowage.application.service.queue;

import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.Periodic;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts every queue's jobs by state on a timer and reports them to {@link QueueMetrics#jobCounts},
 * through the store port's {@link JobManageStore#countsByQueue} (one query for every queue, however
 * many there are), so that any database gives the same gauges. Counted on a timer, not
 * per scrape, so a scraper polling often (or several scrapers) costs the database nothing extra;
 * the figures are at most one interval old.
 */
public final class QueueCounts implements Managed {
    private final JobManageStore jobs;
    private final QueueMetrics metrics;
    private final Periodic periodic;

    public QueueCounts(JobManageStore jobs, QueueMetrics metrics, Duration interval) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // counted on the timer only, from now on: start-up must not fail on the counts (an admin
        // command may open a database whose queue tables are not migrated yet); a failed count
        // leaves the last figures and the next run tries again
        this.periodic = new Periodic("queue-gauges", Duration.ZERO, interval, this::report);
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
    public void start() {
        periodic.start();
    }

    @Override
    public void stop() {
        periodic.stop();
    }

    /**
     * Counts every queue's jobs by state now and reports them: each queue that has a job, with every
     * state (zero where it has none); a queue without jobs is left out.
     *
     * <p>One report at a time, counted and reported together: the timer's and a caller's report could
     * otherwise cross, and an older count (taken before the caller's jobs were stored) be reported
     * last and stand until the next run.
     */
    public synchronized void report() {
        Map<QueueName, Map<JobState, Long>> counts = new LinkedHashMap<>();
        jobs.countsByQueue().forEach((queue, byState) -> {
            Map<JobState, Long> all = new EnumMap<>(JobState.class);
            for (JobState state : JobState.values()) {
                all.put(state, byState.getOrDefault(state, 0L));
            }
            if (all.values().stream().anyMatch(n -> n > 0)) {
                counts.put(queue, Map.copyOf(all));
            }
        });
        metrics.jobCounts(counts);
    }
}
