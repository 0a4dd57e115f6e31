package dev.stowage.domain.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A queue's figures over a window.
 *
 * @param countsByState    jobs in each state now (all states present, zero when none)
 * @param finishedInWindow jobs that reached a terminal state inside the window
 * @param completedInWindow jobs completed inside the window
 * @param throughputPerSecond completed jobs per second over the window
 * @param meanDuration     mean run time of jobs completed in the window
 * @param p95Duration      95th percentile run time of jobs completed in the window
 * @param successRate      completed / (completed + failed) in the window; empty when neither
 */
public record JobStats(Optional<QueueName> queue, Instant windowStart, Instant windowEnd,
                       Map<JobState, Long> countsByState, long finishedInWindow, long completedInWindow,
                       double throughputPerSecond, Optional<Duration> meanDuration, Optional<Duration> p95Duration,
                       Optional<Double> successRate) {
    public JobStats {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        var full = new EnumMap<JobState, Long>(JobState.class);
        for (JobState s : JobState.values()) {
            full.put(s, countsByState.getOrDefault(s, 0L));
        }
        countsByState = Map.copyOf(full);
        Objects.requireNonNull(meanDuration, "meanDuration");
        Objects.requireNonNull(p95Duration, "p95Duration");
        Objects.requireNonNull(successRate, "successRate");
    }
}
