package dev.stowage.application.service.queue;

import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.Periodic;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Counts every queue's jobs by state on a timer and reports them to {@link QueueMetrics#jobCounts},
 * through the store ports, so that any database gives the same gauges. Counted on a timer, not
 * per scrape, so a scraper polling often (or several scrapers) costs the database nothing extra;
 * the figures are at most one interval old.
 */
public final class QueueCounts implements Managed {
    private final JobAdminStore queues;
    private final JobManageStore jobs;
    private final QueueMetrics metrics;
    private final Clock clock;
    private final Periodic periodic;

    public QueueCounts(JobAdminStore queues, JobManageStore jobs, QueueMetrics metrics, Clock clock, Duration interval) {
        this.queues = Objects.requireNonNull(queues, "queues");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = Objects.requireNonNull(clock, "clock");
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

    /** Counts every queue's jobs by state now and reports them; a queue without jobs is left out. */
    public void report() {
        Instant now = clock.instant();
        Map<QueueName, Map<JobState, Long>> counts = new LinkedHashMap<>();
        for (QueueName queue : queues.queues()) {
            // an empty window: only the counts by state are wanted
            Map<JobState, Long> byState = jobs.stats(Optional.of(queue), now, now).countsByState();
            if (byState.values().stream().anyMatch(n -> n > 0)) {
                counts.put(queue, byState);
            }
        }
        metrics.jobCounts(counts);
    }
}
