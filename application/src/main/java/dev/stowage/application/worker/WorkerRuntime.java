package dev.stowage.application.worker;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs jobs in this process: handlers registered by queue and job type, a pool per queue bounded by
 * the queue's max concurrency, automatic heartbeats, recovery of expired leases, and a graceful stop.
 *
 * <p>Each served queue has one dispatcher thread. It claims as many jobs as it has free slots (so
 * several at once when several are free) through {@link WorkJobsUseCase#claim} with a wait, which
 * wakes on the {@link WorkSignal} rather than on a timer: a job enqueued in this process starts as
 * soon as a slot is free. By default each job runs on a pool thread of its own, started only when
 * no thread is idle (see {@link IdleFirstQueue}); with {@link WorkerOptions#threads()} set, that many
 * threads run the claimed jobs in turn. From the claim on, a heartbeat every third of its lease
 * extends the lease, sends the latest progress, and passes a cancel request on to the handler.
 *
 * <p>{@link #stop()} stops claiming, releases at once the jobs claimed but not yet started, waits up
 * to {@link WorkerOptions#shutdownTimeout()} for running jobs, then releases the leases of those
 * still running so that they run again at once (elsewhere or after a restart) without using up an
 * attempt. Their handlers are asked to stop and interrupted; whatever they report afterwards is
 * ignored.
 *
 * <p>Given a {@link MaintenanceLeader} (an instance that shares its database with others), the
 * runtime recovers expired leases only while its instance leads, like the rest of maintenance.
 *
 * <p>A job of a type with no handler on its queue fails its attempt with a message saying so: a
 * queue should be served only by runtimes that handle all its types.
 */
public final class WorkerRuntime implements Managed {
    private static final System.Logger LOG = System.getLogger(WorkerRuntime.class.getName());
    /** Longest a dispatcher waits in one claim before it looks at the queue's settings again. */
    private static final Duration CLAIM_WAIT = Duration.ofMinutes(1);
    /**
     * Longest a dispatcher with every slot busy waits before it reads the queue's settings again: a
     * change made through another instance sharing the database cannot signal this process, and
     * must still be seen within a second.
     */
    private static final Duration SETTINGS_RECHECK = Duration.ofSeconds(1);
    private static final Duration DISPATCHER_JOIN = Duration.ofSeconds(10);

    private enum Phase { NEW, STARTED, STOPPED }

    private final WorkJobsUseCase work;
    private final AdministerQueuesUseCase admin;
    private final WorkSignal signal;
    private final WorkerOptions options;
    private final Optional<MaintenanceLeader> leader;
    private final Map<QueueName, Map<JobType, JobHandler>> handlers = new LinkedHashMap<>();
    private final Map<QueueName, Integer> limits = new HashMap<>();
    private final Map<JobId, RunningJob> running = new ConcurrentHashMap<>();
    private final List<Thread> dispatchers = new ArrayList<>();
    private Phase phase = Phase.NEW;
    private volatile boolean stopping;
    private ThreadPoolExecutor pool;
    private ScheduledThreadPoolExecutor timers;
    private Completer completer;

    /** A runtime that recovers expired leases itself, whoever else does. */
    public WorkerRuntime(WorkJobsUseCase work, AdministerQueuesUseCase admin, WorkSignal signal, WorkerOptions options) {
        this(work, admin, signal, options, Optional.empty());
    }

    /** @param leader when present, leases are recovered only while it leads */
    public WorkerRuntime(WorkJobsUseCase work, AdministerQueuesUseCase admin, WorkSignal signal, WorkerOptions options,
                         Optional<MaintenanceLeader> leader) {
        this.work = Objects.requireNonNull(work, "work");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.options = Objects.requireNonNull(options, "options");
        this.leader = Objects.requireNonNull(leader, "leader");
    }

    /**
     * Serves {@code type} jobs of {@code queue} with {@code handler}. Only before {@link #start()}.
     *
     * @throws IllegalStateException when the runtime has started, or the pair already has a handler
     */
    public synchronized WorkerRuntime register(QueueName queue, JobType type, JobHandler handler) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (phase != Phase.NEW) {
            throw new IllegalStateException("handlers must be registered before the worker runtime starts");
        }
        var byType = handlers.computeIfAbsent(queue, q -> new HashMap<>());
        if (byType.putIfAbsent(type, handler) != null) {
            throw new IllegalStateException("job type '" + type + "' on queue '" + queue + "' already has a handler");
        }
        return this;
    }

    /**
     * {@link #register(QueueName, JobType, JobHandler)} with the queue and job type as written;
     * each is checked as its value type checks it.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the queue name or job type breaks its rule
     */
    public WorkerRuntime register(String queue, String type, JobHandler handler) {
        return register(new QueueName(queue), new JobType(type), handler);
    }

    /**
     * Runs at most {@code most} jobs of {@code queue} at once in this runtime, whatever the queue's
     * max concurrency (which still bounds every worker of the queue together). Without a limit the
     * runtime takes up to the queue's max concurrency. Only before {@link #start()}.
     *
     * @throws IllegalArgumentException when {@code most} is not positive
     * @throws IllegalStateException when the runtime has started
     */
    public synchronized WorkerRuntime limit(QueueName queue, int most) {
        Objects.requireNonNull(queue, "queue");
        if (most < 1) {
            throw new IllegalArgumentException("a queue's limit must be positive, got " + most);
        }
        if (phase != Phase.NEW) {
            throw new IllegalStateException("limits must be set before the worker runtime starts");
        }
        limits.put(queue, most);
        return this;
    }

    @Override
    public String name() {
        return "queue-workers";
    }

    /** Recovers expired leases, then starts one dispatcher per queue that has handlers. */
    @Override
    public synchronized void start() {
        if (phase != Phase.NEW) {
            throw new IllegalStateException("the worker runtime starts once, it is " + phase);
        }
        phase = Phase.STARTED;
        if (options.threads() == WorkerOptions.THREAD_PER_JOB) {
            // a thread per held job at most (the lanes bound those), started only when none is idle
            pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS, new IdleFirstQueue(),
                    DaemonThreads.numbered("stowage-job-"));
        } else {
            // claimed jobs beyond the threads wait here, in claim order, for the next free thread
            pool = new ThreadPoolExecutor(options.threads(), options.threads(), 30, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), DaemonThreads.numbered("stowage-job-"));
            pool.allowCoreThreadTimeOut(true);
        }
        timers = new ScheduledThreadPoolExecutor(1, DaemonThreads.numbered("stowage-worker-timer-"));
        timers.setRemoveOnCancelPolicy(true);
        completer = new Completer(work, "stowage-completer");
        completer.start();
        recoverIfLeading();
        long every = options.recoveryInterval().toNanos();
        timers.scheduleWithFixedDelay(this::recover, every, every, TimeUnit.NANOSECONDS);
        handlers.forEach((queue, byType) -> {
            Lane lane = new Lane(queue, Map.copyOf(byType), limits.getOrDefault(queue, Integer.MAX_VALUE));
            Thread t = DaemonThreads.daemon(() -> dispatch(lane), "stowage-dispatch-" + queue);
            dispatchers.add(t);
            t.start();
        });
    }

    /** Jobs this runtime is running right now. */
    public int runningJobs() {
        return running.size();
    }

    @Override
    public void stop() {
        synchronized (this) {
            Phase was = phase;
            phase = Phase.STOPPED;
            if (was != Phase.STARTED) {
                return;
            }
        }
        stopping = true;
        try {
            dispatchers.forEach(Thread::interrupt);
            for (Thread t : dispatchers) {
                t.join(DISPATCHER_JOIN.toMillis());
            }
            releaseWaiting();
            pool.shutdown();
            if (!pool.awaitTermination(options.shutdownTimeout().toNanos(), TimeUnit.NANOSECONDS)) {
                releaseUnfinished();
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            releaseUnfinished();
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "worker runtime did not stop cleanly", e);
        } finally {
            closeCompleter();
            timers.shutdownNow();
        }
    }

    /** Reports what finished before the stop; a job that finishes later is reported by its own thread. */
    private void closeCompleter() {
        boolean interrupted = Thread.interrupted();
        try {
            completer.close(DISPATCHER_JOIN.toMillis());
        } catch (InterruptedException e) {
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Gives back at once the jobs claimed but not started: no thread will start them now. */
    private void releaseWaiting() {
        for (RunningJob job : running.values()) {
            if (job.drop()) {
                if (job.settle()) {
                    release(job.job().id(), job);
                }
                ended(job);
            }
        }
    }

    private void releaseUnfinished() {
        for (RunningJob job : running.values()) {
            job.requestCancel();
            if (job.settle()) {
                release(job.job().id(), job);
            }
        }
    }

    private void release(JobId id, RunningJob job) {
        try {
            work.release(id, job.lease());
        } catch (LeaseLostException | NotFoundException gone) {
            // recovery or an operator got there first: nothing left to give back
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "could not release job " + id + "; it runs again when its lease expires", e);
        }
    }

    private void recoverIfLeading() {
        if (leader.isEmpty()) {
            admin.recoverExpiredLeases();
        } else {
            leader.get().runIfLeader(admin::recoverExpiredLeases);
        }
    }

    private void recover() {
        try {
            recoverIfLeading();
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "recovery of expired leases failed; trying again later", e);
        }
    }

    private void dispatch(Lane lane) {
        while (!stopping) {
            try {
                long seen = signal.generation(lane.queue);
                int free = Math.min(admin.settings(lane.queue).maxConcurrency(), lane.limit) - lane.inFlight.get();
                if (free <= 0) {
                    // every slot busy: a job ending here, or a settings change here, signals the queue
                    signal.await(lane.queue, seen, SETTINGS_RECHECK);
                    continue;
                }
                int max = Math.min(free, WorkJobsUseCase.MAX_CLAIM);
                for (Job job : work.claim(lane.queue, options.worker(), max, Optional.empty(), CLAIM_WAIT)) {
                    launch(lane, job);
                }
            } catch (InterruptedException e) {
                return; // only stop() interrupts a dispatcher
            } catch (RuntimeException e) {
                if (stopping) {
                    return; // stop() interrupted a claim that was waiting for the database
                }
                LOG.log(Level.WARNING, () -> "claiming from queue '" + lane.queue + "' failed; trying again", e);
                try {
                    Thread.sleep(options.errorPause().toMillis());
                } catch (InterruptedException stop) {
                    return;
                }
            }
        }
    }

    private void launch(Lane lane, Job job) {
        RunningJob rj = new RunningJob(job, lane);
        if (stopping) {
            rj.settle();
            release(job.id(), rj);
            return;
        }
        lane.inFlight.incrementAndGet();
        running.put(job.id(), rj);
        try {
            // from the claim, not the start: with fewer threads than jobs, a job may wait for one
            long every = rj.heartbeatInterval().toNanos();
            rj.heartbeat = timers.scheduleWithFixedDelay(() -> heartbeat(rj), every, every, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // the runtime is going down; the job is released without heartbeats
        }
        try {
            pool.execute(() -> run(rj));
        } catch (RejectedExecutionException e) {
            ended(rj);
            if (rj.settle()) {
                release(job.id(), rj);
            }
        }
    }

    private void run(RunningJob rj) {
        if (!rj.start()) {
            return; // dropped while it waited: the stop released it and freed its slot
        }
        Job job = rj.job();
        boolean handedOver = false;
        try {
            if (rj.isLeaseLost()) {
                // a heartbeat found, while it waited, that the job is no longer ours: someone else may
                // be running it, so neither run it nor report anything
                rj.settle();
                LOG.log(Level.WARNING, () -> "job " + job.id() + " lost its lease before it started; not running it");
                return;
            }
            if (stopping || rj.cancelRequested()) {
                // stopping: give it back rather than start it; cancelled while it waited: giving it
                // back ends it as cancelled, without using up an attempt
                if (rj.settle()) {
                    release(job.id(), rj);
                }
                return;
            }
            JobHandler handler = rj.lane.handlers.get(job.type());
            if (handler == null) {
                fail(rj, "no handler for job type '" + job.type() + "' on queue '" + job.queue() + "' in worker '"
                        + options.worker() + "'");
                return;
            }
            Optional<JsonText> result;
            try {
                result = handler.handle(rj);
            } catch (Exception e) {
                fail(rj, describe(e));
                return;
            } catch (Error e) {
                fail(rj, describe(e));
                throw e;
            }
            // null: a handler with nothing to say
            if (handOver(rj, result == null ? Optional.empty() : result)) {
                handedOver = true;
            }
        } finally {
            if (!handedOver) {
                ended(rj);
            }
        }
    }

    /**
     * Gives a finished job to the completer, which reports it with others and then frees its slot.
     * False when it is not handed over: released at shutdown (nothing to report), or reported here
     * because the completer has closed.
     */
    private boolean handOver(RunningJob rj, Optional<JsonText> result) {
        if (!rj.settle()) {
            return false; // released at shutdown; it runs again
        }
        if (completer.submit(new Completer.Finished(rj, result, () -> ended(rj)))) {
            return true;
        }
        complete(rj, result);
        return false;
    }

    private void ended(RunningJob rj) {
        Lane lane = rj.lane;
        if (!rj.end()) {
            return;
        }
        var beat = rj.heartbeat;
        if (beat != null) {
            beat.cancel(false);
        }
        running.remove(rj.job().id());
        lane.inFlight.decrementAndGet();
        signal.signal(lane.queue); // a slot is free: wake the dispatcher if it waits for one
    }

    /** Reports one settled job on this thread. */
    private void complete(RunningJob rj, Optional<JsonText> result) {
        try {
            work.complete(rj.job().id(), rj.lease(), result);
        } catch (LeaseLostException | NotFoundException e) {
            LOG.log(Level.WARNING, () -> "job " + rj.job().id() + " finished after losing its lease; its result was not recorded");
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "could not record completion of job " + rj.job().id() + "; it runs again when its lease expires", e);
        }
    }

    private void fail(RunningJob rj, String error) {
        if (!rj.settle()) {
            return;
        }
        try {
            work.fail(rj.job().id(), rj.lease(), error);
        } catch (LeaseLostException | NotFoundException e) {
            LOG.log(Level.DEBUG, () -> "job " + rj.job().id() + " failed after losing its lease: " + error);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "could not record failure of job " + rj.job().id() + "; it runs again when its lease expires", e);
        }
    }

    private void heartbeat(RunningJob rj) {
        if (rj.settled()) {
            return;
        }
        var progress = rj.takeProgress();
        try {
            if (work.heartbeat(rj.job().id(), rj.lease(), progress).cancelRequested()) {
                rj.requestCancel();
            }
        } catch (LeaseLostException | NotFoundException e) {
            rj.leaseLost(); // someone else may run it now: ask the handler to stop, or never start it
            var beat = rj.heartbeat;
            if (beat != null) {
                beat.cancel(false);
            }
            if (!rj.settled()) {
                LOG.log(Level.WARNING, () -> "job " + rj.job().id() + " lost its lease; asking its handler to stop");
            }
        } catch (RuntimeException e) {
            progress.ifPresent(rj::restoreProgress);
            LOG.log(Level.WARNING, () -> "heartbeat for job " + rj.job().id() + " failed; retrying at the next one", e);
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getName() : e.getClass().getSimpleName() + ": " + message;
    }

    /** One served queue: its handlers, the most of its jobs run here at once, and how many run now. */
    static final class Lane {
        final QueueName queue;
        final Map<JobType, JobHandler> handlers;
        final int limit;
        final AtomicInteger inFlight = new AtomicInteger();

        Lane(QueueName queue, Map<JobType, JobHandler> handlers, int limit) {
            this.queue = queue;
            this.handlers = handlers;
            this.limit = limit;
        }
    }
}
