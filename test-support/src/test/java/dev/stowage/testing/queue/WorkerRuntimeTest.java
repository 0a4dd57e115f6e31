package dev.stowage.testing.queue;

import static dev.stowage.testing.queue.QueueFixture.PATIENCE;
import static dev.stowage.testing.queue.QueueFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.worker.JobHandler;
import dev.stowage.application.worker.WorkerOptions;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The worker runtime over the in-memory store. The services' fallback poll is one hour here, so
 * every job that runs promptly was started by a signal, never by a timer.
 */
class WorkerRuntimeTest {
    private static final QueueName Q = new QueueName("media");
    private static final JobType RENDER = new JobType("render");

    private final QueueFixture f = new QueueFixture(() -> 0L, Duration.ofHours(1));
    private final List<WorkerRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void stopRuntimes() {
        runtimes.forEach(WorkerRuntime::stop);
    }

    @Test
    void handlersRunAndTheirResultsAreRecorded() throws Exception {
        start(runtime("w1").register(Q, RENDER, ctx -> {
            ctx.progress(50, "half way");
            return Optional.of(ctx.payload());
        }));
        var ids = new ArrayList<JobId>();
        for (int i = 0; i < 5; i++) {
            ids.add(enqueue("{\"n\":" + i + "}", 3));
        }

        for (int i = 0; i < 5; i++) {
            Job done = f.awaitJob(ids.get(i), j -> j.state() == JobState.COMPLETED);
            assertThat(done.result()).contains(JsonText.of("{\"n\":" + i + "}"));
            assertThat(done.attempts()).isEqualTo(1);
        }
    }

    @Test
    void enqueueWakesAnIdleWorkerWithoutAnyPolling() throws Exception {
        start(runtime("w1").register(Q, RENDER, ctx -> Optional.empty()));
        // the dispatcher is parked in a claim that no timer will end within this test
        QueueFixture.await(() -> f.signal.waiting(Q) == 1, "the dispatcher to wait for work");

        JobId id = enqueue("{}", 3);

        assertThat(f.awaitJob(id, j -> j.state() == JobState.COMPLETED).lease()).isEmpty();
    }

    @Test
    void failuresAreRetriedAfterTheirBackoffThenFail() throws Exception {
        f.store.saveSettings(new QueueSettings(Q, false, 4, 3,
                new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 0.5), Duration.ofMinutes(1)));
        var calls = new AtomicInteger();
        start(runtime("w1").register(Q, RENDER, ctx -> {
            calls.incrementAndGet();
            throw new IllegalStateException("no disk");
        }));
        JobId id = enqueue("{}", 3);

        Job first = f.awaitJob(id, j -> j.attempts() == 1 && j.state() == JobState.PENDING);
        assertThat(first.runAt()).isEqualTo(T0.plusSeconds(10)); // the fixture's random draws no jitter
        assertThat(first.lastError()).contains("IllegalStateException: no disk");
        assertThat(calls.get()).isEqualTo(1);

        passTimeTo(first.runAt());
        Job second = f.awaitJob(id, j -> j.attempts() == 2 && j.state() == JobState.PENDING);
        assertThat(second.runAt()).isEqualTo(first.runAt().plusSeconds(20));

        passTimeTo(second.runAt());
        Job failed = f.awaitJob(id, j -> j.state() == JobState.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(calls.get()).isEqualTo(3);
    }

    @Test
    void aCancelRequestReachesTheRunningHandlerOnItsHeartbeat() throws Exception {
        // a 300 ms lease: heartbeats every 100 ms of real time; the manual clock never lets it expire
        f.store.saveSettings(new QueueSettings(Q, false, 4, 3, BackoffPolicy.DEFAULT, Duration.ofMillis(300)));
        var started = new CountDownLatch(1);
        start(runtime("w1").register(Q, RENDER, ctx -> {
            started.countDown();
            long giveUp = System.nanoTime() + PATIENCE.toNanos();
            while (System.nanoTime() < giveUp) {
                ctx.stopIfCancelRequested();
                Thread.sleep(5);
            }
            return Optional.empty();
        }));
        JobId id = enqueue("{}", 3);
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        assertThat(f.manage.cancel(id).state()).isEqualTo(JobState.RUNNING);

        Job cancelled = f.awaitJob(id, j -> j.state().isTerminal());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void stopReleasesJobsThatOutliveTheShutdownTimeout() throws Exception {
        var started = new CountDownLatch(1);
        var exited = new CountDownLatch(1);
        var never = new CountDownLatch(1);
        WorkerRuntime runtime = runtime("w1", Duration.ofMillis(50)).register(Q, RENDER, ctx -> {
            started.countDown();
            try {
                never.await(); // ignores cancel requests; only the interrupt at stop ends it
                return Optional.empty();
            } finally {
                exited.countDown();
            }
        });
        start(runtime);
        JobId id = enqueue("{}", 1);
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        runtime.stop();

        Job released = f.store.find(id).orElseThrow();
        assertThat(released.state()).isEqualTo(JobState.PENDING);
        assertThat(released.attempts()).isZero();
        assertThat(released.lease()).isEmpty();
        assertThat(released.runAt()).isEqualTo(f.clock.instant());
        assertThat(exited.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(f.store.find(id)).contains(released); // the handler's late end records nothing
    }

    @Test
    void stopWaitsForJobsThatFinishInTime() throws Exception {
        var started = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        WorkerRuntime runtime = runtime("w1", PATIENCE).register(Q, RENDER, ctx -> {
            started.countDown();
            finish.await();
            return Optional.of(JsonText.of("{\"ok\":true}"));
        });
        start(runtime);
        JobId id = enqueue("{}", 3);
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

        Thread stopper = new Thread(runtime::stop);
        stopper.start();
        QueueFixture.await(() -> stopper.getState() == Thread.State.TIMED_WAITING, "stop to wait for the job");
        finish.countDown();
        stopper.join(PATIENCE.toMillis());

        assertThat(stopper.isAlive()).isFalse();
        assertThat(f.store.find(id).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, JsonText.emptyObject())).job().state())
                .isEqualTo(JobState.PENDING); // nobody claims after stop
    }

    @Test
    void maxConcurrencyIsNeverExceededAcrossWorkers() throws Exception {
        f.store.saveSettings(new QueueSettings(Q, false, 3, 3, BackoffPolicy.DEFAULT, Duration.ofMinutes(1)));
        var now = new AtomicInteger();
        var highWater = new AtomicInteger();
        JobHandler handler = ctx -> {
            highWater.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                Thread.sleep(2);
                return Optional.empty();
            } finally {
                now.decrementAndGet();
            }
        };
        start(runtime("w1").register(Q, RENDER, handler));
        start(runtime("w2").register(Q, RENDER, handler));
        var batch = new ArrayList<EnqueueCommand>();
        for (int i = 0; i < 30; i++) {
            batch.add(EnqueueCommand.of(Q, RENDER, JsonText.emptyObject()));
        }
        f.enqueue.enqueueBatch(batch);

        QueueFixture.await(() -> completed() == 30, "all jobs to complete");

        assertThat(highWater.get()).isBetween(1, 3);
    }

    @Test
    void aRuntimesLimitOnAQueueKeepsItUnderTheQueuesMaxAndLeavesTheRestToOtherWorkers() throws Exception {
        f.store.saveSettings(new QueueSettings(Q, false, 6, 3, BackoffPolicy.DEFAULT, Duration.ofMinutes(1)));
        var now = new AtomicInteger();
        var highWater = new AtomicInteger();
        var go = new CountDownLatch(1);
        start(runtime("w1").limit(Q, 2).register(Q, RENDER, waitingFor(go, now, highWater)));
        enqueueEmpty(10);

        // two held and running, the other eight left in the queue although its max is six
        QueueFixture.await(() -> inState(JobState.RUNNING) == 2 && now.get() == 2, "two jobs running");
        assertThat(inState(JobState.PENDING)).isEqualTo(8);
        assertThat(f.work.claim(Q, new WorkerId("other"), 10, Optional.empty(), Duration.ZERO))
                .as("the queue's other four slots stay free for other workers").hasSize(4)
                .allSatisfy(job -> f.work.complete(job.id(), job.lease().orElseThrow().id(), Optional.empty()));
        go.countDown();

        QueueFixture.await(() -> completed() == 10, "all jobs to complete");
        assertThat(highWater.get()).isEqualTo(2);
    }

    @Test
    void aLimitIsPositiveAndSetBeforeStart() {
        WorkerRuntime runtime = runtime("w1").register(Q, RENDER, ctx -> Optional.empty());

        assertThatThrownBy(() -> runtime.limit(Q, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
        start(runtime);
        assertThatThrownBy(() -> runtime.limit(Q, 1)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withFixedThreadsTheQueueStillClaimsUpToItsMaxAndJobsWaitForAThread() throws Exception {
        f.store.saveSettings(new QueueSettings(Q, false, 6, 3, BackoffPolicy.DEFAULT, Duration.ofMinutes(1)));
        var now = new AtomicInteger();
        var highWater = new AtomicInteger();
        var go = new CountDownLatch(1);
        start(runtime(WorkerOptions.defaults(new WorkerId("w1")).withThreads(2))
                .register(Q, RENDER, waitingFor(go, now, highWater)));
        enqueueEmpty(10);

        // six held (the queue's max), two of them running, four waiting for a thread under their lease
        QueueFixture.await(() -> inState(JobState.RUNNING) == 6 && now.get() == 2, "six jobs held, two running");
        assertThat(inState(JobState.PENDING)).isEqualTo(4);
        go.countDown();

        QueueFixture.await(() -> completed() == 10, "all jobs to complete");
        assertThat(highWater.get()).isEqualTo(2);
    }

    @Test
    void stopReleasesAtOnceTheJobsWaitingForAThread() throws Exception {
        var started = new CountDownLatch(1);
        var finish = new CountDownLatch(1);
        WorkerRuntime runtime = runtime(WorkerOptions.defaults(new WorkerId("w1")).withThreads(1)
                .withShutdownTimeout(PATIENCE)).register(Q, RENDER, ctx -> {
                    started.countDown();
                    finish.await();
                    return Optional.empty();
                });
        start(runtime);
        JobId first = enqueue("{}", 3);
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        enqueue("{}", 3);
        enqueue("{}", 3);
        QueueFixture.await(() -> inState(JobState.RUNNING) == 3, "all three jobs held, one running");

        Thread stopper = new Thread(runtime::stop);
        stopper.start();

        // while the stop still waits for the running job, the two waiting ones are already back
        QueueFixture.await(() -> inState(JobState.PENDING) == 2, "the waiting jobs to be released");
        assertThat(stopper.isAlive()).isTrue();
        assertThat(runtime.runningJobs()).isEqualTo(1);
        finish.countDown();
        stopper.join(PATIENCE.toMillis());
        assertThat(stopper.isAlive()).isFalse();
        assertThat(f.store.find(first).orElseThrow().state()).isEqualTo(JobState.COMPLETED);
        assertThat(runtime.runningJobs()).isZero();
        assertThat(f.store.list(JobFilter.queue(Q).withStates(Set.of(JobState.PENDING)), PageRequest.first(10)).items())
                .hasSize(2).allSatisfy(j -> {
                    assertThat(j.attempts()).isZero();
                    assertThat(j.lease()).isEmpty();
                });
    }

    @Test
    void aStopPastItsTimeoutLeavesNoJobCountedAsRunning() throws Exception {
        var started = new CountDownLatch(1);
        var never = new CountDownLatch(1);
        WorkerRuntime runtime = runtime(WorkerOptions.defaults(new WorkerId("w1")).withThreads(1)
                .withShutdownTimeout(Duration.ofMillis(50))).register(Q, RENDER, ctx -> {
                    started.countDown();
                    never.await(); // only the interrupt at stop ends it
                    return Optional.empty();
                });
        start(runtime);
        for (int i = 0; i < 3; i++) {
            enqueue("{}", 3);
        }
        assertThat(started.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
        QueueFixture.await(() -> inState(JobState.RUNNING) == 3, "all three jobs held, one running");

        runtime.stop();

        QueueFixture.await(() -> runtime.runningJobs() == 0, "the interrupted handler to end");
        assertThat(f.store.list(JobFilter.queue(Q), PageRequest.first(10)).items()).hasSize(3).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.PENDING);
            assertThat(j.attempts()).isZero();
            assertThat(j.lease()).isEmpty();
        });
    }

    @Test
    void aJobThatLostItsLeaseWhileWaitingForAThreadIsNeverStarted() throws Exception {
        var ran = java.util.concurrent.ConcurrentHashMap.<JobId>newKeySet();
        var go = new CountDownLatch(1);
        JobId[] pair = oneRunningOneWaiting(ran, go);
        JobId first = pair[0];
        JobId waiting = pair[1];

        // an operator's recovery gives the waiting job to another worker
        Job held = f.store.find(waiting).orElseThrow();
        f.store.release(waiting, held.lease().orElseThrow().id(), f.clock.instant());
        Job elsewhere = f.store.claim(Q, new WorkerId("w2"), 1, f.clock.instant(), Optional.empty()).get(0);
        assertThat(elsewhere.id()).isEqualTo(waiting);
        Thread.sleep(400); // a few heartbeats: w1 learns it lost the lease
        go.countDown();

        f.awaitJob(first, j -> j.state() == JobState.COMPLETED);
        QueueFixture.await(() -> runtimes.get(0).runningJobs() == 0, "w1 to let go of the waiting job");
        assertThat(ran).containsExactly(first);
        assertThat(f.store.find(waiting)).contains(elsewhere); // w2's lease untouched
    }

    @Test
    void aJobCancelledWhileWaitingForAThreadEndsCancelledWithoutRunning() throws Exception {
        var ran = java.util.concurrent.ConcurrentHashMap.<JobId>newKeySet();
        var go = new CountDownLatch(1);
        JobId[] pair = oneRunningOneWaiting(ran, go);
        JobId first = pair[0];
        JobId waiting = pair[1];

        f.manage.cancel(waiting);
        QueueFixture.await(() -> runtimes.get(0).runningJobs() == 2 && cancelSeen(waiting), "the cancel request to arrive");
        Thread.sleep(400); // a few heartbeats carry the request to w1
        go.countDown();

        Job cancelled = f.awaitJob(waiting, j -> j.state().isTerminal());
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.attempts()).isZero();
        assertThat(ran).containsExactly(first);
    }

    @Test
    void aHandlerLeavingItsThreadInterruptedDoesNotMakeLaterJobsWaitForABusyThread() throws Exception {
        var flagged = new CountDownLatch(1);
        var both = new CountDownLatch(2);
        var sideBySide = new AtomicInteger();
        WorkerRuntime runtime = runtime("w1");
        runtime.register(Q, new JobType("rude"), ctx -> {
            Thread.currentThread().interrupt(); // leaves its thread's interrupt flag set
            flagged.countDown();
            return Optional.empty();
        });
        runtime.register(Q, RENDER, ctx -> {
            both.countDown();
            if (both.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
                sideBySide.incrementAndGet();
            }
            return Optional.empty();
        });
        start(runtime);
        JobId rude = f.enqueue.enqueue(EnqueueCommand.of(Q, new JobType("rude"), JsonText.emptyObject())).job().id();
        f.awaitJob(rude, j -> j.state() == JobState.COMPLETED);

        // two jobs that each wait for the other: they finish only on two threads at once
        enqueue("{}", 3);
        enqueue("{}", 3);

        QueueFixture.await(() -> completed() == 3, "both jobs, and the first, to complete");
        assertThat(sideBySide.get()).isEqualTo(2);
    }

    /**
     * A runtime on one thread, a 300 ms lease (heartbeats every 100 ms of real time, from the claim
     * on) and two jobs: the first running until {@code go} opens, the second held and waiting.
     */
    private JobId[] oneRunningOneWaiting(Set<JobId> ran, CountDownLatch go) throws InterruptedException {
        f.store.saveSettings(new QueueSettings(Q, false, 2, 3, BackoffPolicy.DEFAULT, Duration.ofMillis(300)));
        start(runtime(WorkerOptions.defaults(new WorkerId("w1")).withThreads(1)).register(Q, RENDER, ctx -> {
            ran.add(ctx.job().id());
            go.await();
            return Optional.empty();
        }));
        JobId first = enqueue("{}", 3);
        QueueFixture.await(() -> ran.contains(first), "the first job to start");
        JobId waiting = enqueue("{}", 3);
        QueueFixture.await(() -> f.store.find(waiting).orElseThrow().state() == JobState.RUNNING, "the second job held");
        return new JobId[] {first, waiting};
    }

    private boolean cancelSeen(JobId id) {
        return f.store.find(id).orElseThrow().cancelRequested();
    }

    @Test
    void expiredLeasesOfADeadWorkerAreRecoveredAtStart() throws Exception {
        JobId id = enqueue("{}", 3);
        Job lost = f.work.claim(Q, new WorkerId("dead"), 1, Optional.empty(), Duration.ZERO).get(0);
        f.clock.advance(f.store.settings(Q).leaseDuration());

        start(runtime("w1").register(Q, RENDER, ctx -> Optional.empty()));

        Job done = f.awaitJob(id, j -> j.state() == JobState.COMPLETED);
        assertThat(done.attempts()).isEqualTo(2);
        assertThat(done.id()).isEqualTo(lost.id());
    }

    @Test
    void aJobOfATypeWithNoHandlerFails() throws Exception {
        start(runtime("w1").register(Q, RENDER, ctx -> Optional.empty()));

        JobId id = f.enqueue.enqueue(EnqueueCommand.of(Q, new JobType("unknown"), JsonText.emptyObject())
                .withMaxAttempts(1)).job().id();

        assertThat(f.awaitJob(id, j -> j.state() == JobState.FAILED).lastError().orElseThrow())
                .contains("no handler for job type 'unknown'");
    }

    @Test
    void handlersAreRegisteredOnceAndBeforeStart() {
        WorkerRuntime runtime = runtime("w1").register(Q, RENDER, ctx -> Optional.empty());

        assertThatThrownBy(() -> runtime.register(Q, RENDER, ctx -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("already has a handler");
        start(runtime);
        assertThatThrownBy(() -> runtime.register(Q, new JobType("other"), ctx -> Optional.empty()))
                .isInstanceOf(IllegalStateException.class);
    }

    /** A handler that waits for {@code go}, counting the handlers running now and the most at once. */
    private static JobHandler waitingFor(CountDownLatch go, AtomicInteger now, AtomicInteger highWater) {
        return ctx -> {
            highWater.accumulateAndGet(now.incrementAndGet(), Math::max);
            try {
                go.await();
                return Optional.empty();
            } finally {
                now.decrementAndGet();
            }
        };
    }

    /** Enqueues {@code count} jobs with an empty payload, in one batch. */
    private void enqueueEmpty(int count) {
        var batch = new ArrayList<EnqueueCommand>();
        for (int i = 0; i < count; i++) {
            batch.add(EnqueueCommand.of(Q, RENDER, JsonText.emptyObject()));
        }
        f.enqueue.enqueueBatch(batch);
    }

    /** Moves the test clock and rings the queue's bell, as a real clock's passing would wake a sleeper. */
    private void passTimeTo(Instant t) {
        f.clock.set(t);
        f.signal.signal(Q);
    }

    private long completed() {
        return inState(JobState.COMPLETED);
    }

    private long inState(JobState state) {
        return f.store.list(JobFilter.queue(Q).withStates(Set.of(state)), PageRequest.first(100)).items().size();
    }

    private JobId enqueue(String payload, int maxAttempts) {
        return f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, JsonText.of(payload)).withMaxAttempts(maxAttempts)).job().id();
    }

    private WorkerRuntime runtime(String worker) {
        return runtime(worker, Duration.ofSeconds(5));
    }

    private WorkerRuntime runtime(String worker, Duration shutdownTimeout) {
        return runtime(WorkerOptions.defaults(new WorkerId(worker)).withShutdownTimeout(shutdownTimeout));
    }

    private WorkerRuntime runtime(WorkerOptions options) {
        WorkerRuntime r = new WorkerRuntime(f.work, f.admin, f.signal, options);
        runtimes.add(r);
        return r;
    }

    private void start(WorkerRuntime runtime) {
        runtime.start();
    }
}
