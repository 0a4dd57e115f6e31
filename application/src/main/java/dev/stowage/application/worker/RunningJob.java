package dev.stowage.application.worker;

import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.Progress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** One job held by a {@link WorkerRuntime}: the handler's context and the runtime's bookkeeping. */
final class RunningJob implements JobContext {
    private static final Duration MIN_HEARTBEAT = Duration.ofMillis(10);
    private static final int WAITING = 0;
    private static final int STARTED = 1;
    private static final int DROPPED = 2;

    private final Job job;
    /** The queue of the runtime that claimed it, whose slot it holds. */
    final WorkerRuntime.Lane lane;
    private final LeaseId lease;
    private final Duration leaseLength;
    private final AtomicReference<Progress> unsent = new AtomicReference<>();
    private final AtomicBoolean settled = new AtomicBoolean();
    private final AtomicInteger phase = new AtomicInteger(WAITING);
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile boolean cancelRequested;
    private volatile boolean leaseLost;
    volatile ScheduledFuture<?> heartbeat;

    RunningJob(Job job, WorkerRuntime.Lane lane) {
        this.job = job;
        this.lane = lane;
        var l = job.lease().orElseThrow(() -> new IllegalArgumentException("job " + job.id() + " is not leased"));
        this.lease = l.id();
        this.leaseLength = Duration.between(job.startedAt().orElseThrow(), l.expiresAt());
    }

    @Override
    public Job job() {
        return job;
    }

    LeaseId lease() {
        return lease;
    }

    @Override
    public void progress(int percent, String message) {
        unsent.set(new Progress(percent, message));
    }

    @Override
    public boolean cancelRequested() {
        return cancelRequested;
    }

    void requestCancel() {
        cancelRequested = true;
    }

    /** The latest progress not yet sent, taking it. */
    Optional<Progress> takeProgress() {
        return Optional.ofNullable(unsent.getAndSet(null));
    }

    /** Puts back progress whose heartbeat failed, unless a newer report came in meanwhile. */
    void restoreProgress(Progress p) {
        unsent.compareAndSet(null, p);
    }

    /**
     * Claims the right to report the job's outcome. The handler's end and a shutdown's release race
     * for it; only the winner talks to the store, so a released job is not also completed.
     */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    boolean settled() {
        return settled.get();
    }

    /**
     * Takes the job from waiting for a thread to running on one. False when it was dropped first;
     * then its handler must not run.
     */
    boolean start() {
        return phase.compareAndSet(WAITING, STARTED);
    }

    /**
     * Takes the job from waiting for a thread to dropped (the runtime is stopping). False when a
     * thread started it first; then that thread sees it through.
     */
    boolean drop() {
        return phase.compareAndSet(WAITING, DROPPED);
    }

    /** The store said, on a heartbeat, that this runtime no longer holds the job. */
    void leaseLost() {
        leaseLost = true;
        cancelRequested = true;
    }

    boolean isLeaseLost() {
        return leaseLost;
    }

    /** True the first time only: the job's slot and bookkeeping are given back once. */
    boolean end() {
        return ended.compareAndSet(false, true);
    }

    /** A third of the lease: two heartbeats may fail or run late before the lease runs out. */
    Duration heartbeatInterval() {
        Duration third = leaseLength.dividedBy(3);
        return third.compareTo(MIN_HEARTBEAT) < 0 ? MIN_HEARTBEAT : third;
    }
}
