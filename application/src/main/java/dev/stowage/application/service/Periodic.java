package dev.stowage.application.service;

import dev.stowage.application.concurrent.DaemonThreads;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task on one daemon thread at a fixed delay, for housekeeping (lease recovery, retention,
 * sweeping). A failing run is reported and the next run happens as planned; a run never overlaps
 * the previous one.
 */
public final class Periodic {
    private static final System.Logger LOG = System.getLogger(Periodic.class.getName());

    private final String name;
    private final Duration initialDelay;
    private final Duration every;
    private final Runnable task;
    private ScheduledExecutorService executor;

    public Periodic(String name, Duration initialDelay, Duration every, Runnable task) {
        this.name = Objects.requireNonNull(name, "name");
        this.initialDelay = Objects.requireNonNull(initialDelay, "initialDelay");
        this.every = Objects.requireNonNull(every, "every");
        if (every.isZero() || every.isNegative()) {
            throw new IllegalArgumentException(name + ": the interval must be positive");
        }
        this.task = Objects.requireNonNull(task, "task");
    }

    /** Starts the schedule. Idempotent. */
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stowage-" + name));
        executor.scheduleWithFixedDelay(this::runOnce, initialDelay.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the schedule and waits briefly for a run in progress. Idempotent. */
    public synchronized void stop() {
        if (executor == null) {
            return;
        }
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor = null;
    }

    private void runOnce() {
        try {
            task.run();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, name + " failed; it runs again in " + every + ": " + e);
        }
    }
}
