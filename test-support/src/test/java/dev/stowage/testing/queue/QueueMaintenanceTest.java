package dev.stowage.testing.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.queue.QueueMaintenance;
import dev.stowage.testing.InMemoryLeadership;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The first lease recovery of a service runs just after start-up rather than inside it, and the
 * queue answers correctly until it is done: a job whose lease ran out is not handed out again
 * before it is recovered, and a claim waiting meanwhile gets it once it is.
 */
class QueueMaintenanceTest {
    private static final QueueName Q = new QueueName("media");
    private static final JobType RENDER = new JobType("render");
    /** Longer than any test: only the first run, the one at start-up, can recover anything here. */
    private static final Duration HOURLY = Duration.ofHours(1);

    private final QueueFixture f = new QueueFixture();
    private final InMemoryLeadership.Election election = new InMemoryLeadership.Election();

    @Test
    void theFirstRecoveryRunsAfterStartReturnsAndRequeuesTheExpiredLease() throws Exception {
        Job lost = claimedJobWhoseLeaseRanOut();
        var held = new CountDownLatch(1);
        var entered = new CountDownLatch(1);
        var leader = new MaintenanceLeader(election.candidate("this"), HOURLY);
        leader.start();
        QueueMaintenance maintenance = new QueueMaintenance(recoveryHeldBy(entered, held), f.manage, HOURLY,
                Optional.empty(), leader);
        try {
            maintenance.start(); // returns although the recovery cannot finish until released below
            assertThat(entered.await(30, TimeUnit.SECONDS)).as("the first recovery began without being asked").isTrue();

            // meanwhile the job is as a crash left it: running, and not handed out to anyone else
            assertThat(f.manage.get(lost.id()).state()).isEqualTo(JobState.RUNNING);
            assertThat(f.work.claim(Q, new WorkerId("w2"), 10, Optional.empty(), Duration.ZERO)).isEmpty();
            CompletableFuture<List<Job>> waiting = CompletableFuture.supplyAsync(() -> claim(new WorkerId("w3")));

            held.countDown();
            List<Job> got = waiting.get(30, TimeUnit.SECONDS);
            assertThat(got).singleElement().satisfies(job -> {
                assertThat(job.id()).isEqualTo(lost.id());
                assertThat(job.attempts()).isEqualTo(2);
                assertThat(job.lease().orElseThrow().id()).isNotEqualTo(lost.lease().orElseThrow().id());
            });
        } finally {
            held.countDown();
            maintenance.stop();
            leader.stop();
        }
    }

    @Test
    void anInstanceThatTakesTheLeadershipOverRecoversWhatTheOldLeaderLeft() throws Exception {
        Job lost = claimedJobWhoseLeaseRanOut();
        var other = new MaintenanceLeader(election.candidate("other"), HOURLY);
        var mine = new MaintenanceLeader(election.candidate("this"), HOURLY);
        other.start();
        mine.start();
        try {
            assertThat(mine.isLeader()).isFalse();
            other.stop(); // the leader goes; this instance takes over at its next round
            assertThat(mine.check()).isTrue();

            var entered = new CountDownLatch(1);
            var maintenance = new QueueMaintenance(recoveryHeldBy(entered, new CountDownLatch(0)), f.manage, HOURLY,
                    Optional.empty(), mine);
            maintenance.start();
            try {
                assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
                // the recovery ends on its own thread after it began: wait for its outcome, not a time
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (f.manage.get(lost.id()).state() != JobState.PENDING && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
                assertThat(f.manage.get(lost.id()).state()).isEqualTo(JobState.PENDING);
            } finally {
                maintenance.stop();
            }
        } finally {
            mine.stop();
            other.stop();
        }
    }

    private Job claimedJobWhoseLeaseRanOut() throws InterruptedException {
        f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, JsonText.emptyObject()));
        Job claimed = f.work.claim(Q, new WorkerId("crashed"), 1, Optional.empty(), Duration.ZERO).get(0);
        f.clock.advance(f.store.settings(Q).leaseDuration().plusSeconds(1));
        return claimed;
    }

    private List<Job> claim(WorkerId worker) {
        try {
            return f.work.claim(Q, worker, 1, Optional.empty(), Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The fixture's administration, whose lease recovery says it began and then waits for {@code release}. */
    private AdministerQueuesUseCase recoveryHeldBy(CountDownLatch entered, CountDownLatch release) {
        return (AdministerQueuesUseCase) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {AdministerQueuesUseCase.class}, (proxy, method, args) -> {
                    if (method.getName().equals("recoverExpiredLeases")) {
                        entered.countDown();
                        if (!release.await(30, TimeUnit.SECONDS)) {
                            throw new AssertionError("the test never released the recovery");
                        }
                    }
                    try {
                        return method.invoke(f.admin, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
