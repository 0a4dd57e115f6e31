package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.JobAdminStore.Recovery;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobWorkStore} promises (claims, heartbeats, and completing, failing or releasing a job
 * under its current lease; the next due time), one test per promise of its Javadoc.
 * An adapter's test extends this class and only says how to build fresh, empty stores
 * ({@link JobStoreFixture#newStores}).
 */
public abstract class JobWorkStoreContract extends JobStoreFixture {

    // ---------------------------------------------------------------- claim

    @Test
    void claimHandsOutHighestPriorityFirstThenOldest() {
        Job low = insert(job().priority(-5));
        clock.advance(Duration.ofMillis(1));
        Job oldHigh = insert(job().priority(10));
        clock.advance(Duration.ofMillis(1));
        Job mid = insert(job());
        clock.advance(Duration.ofMillis(1));
        Job newHigh = insert(job().priority(10));

        List<Job> order = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            order.add(claimOne(QUEUE));
        }

        assertThat(order).extracting(Job::id).containsExactly(oldHigh.id(), newHigh.id(), mid.id(), low.id());
    }

    @Test
    void claimStartsTheJobUnderAFreshLease() {
        Job pending = insert(job());
        clock.advance(Duration.ofSeconds(3));

        Job running = claimOne(QUEUE);

        assertThat(running.id()).isEqualTo(pending.id());
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.attempts()).isEqualTo(1);
        assertThat(running.startedAt()).contains(clock.instant());
        assertThat(running.lease()).isPresent();
        assertThat(running.lease().get().worker()).isEqualTo(WORKER);
        assertThat(running.lease().get().expiresAt())
                .isEqualTo(clock.instant().plus(admin.settings(QUEUE).leaseDuration()));
        assertThat(manage.find(pending.id())).contains(running);
    }

    @Test
    void leaseOverrideSetsTheExpiry() {
        insert(job());

        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(7))).get(0);

        assertThat(running.lease().orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
    }

    @Test
    void delayedJobIsNotHandedOutBeforeItsRunAt() {
        Instant due = T0.plus(Duration.ofMinutes(5));
        Job delayed = insert(job().runAt(due));

        assertThat(work.claim(QUEUE, WORKER, 1, due.minusMillis(1), Optional.empty())).isEmpty();
        clock.set(due);
        assertThat(claimOne(QUEUE).id()).isEqualTo(delayed.id());
    }

    @Test
    void pausedQueueHandsOutNothing() {
        insert(job());
        admin.saveSettings(admin.settings(QUEUE).withPaused(true));

        assertThat(work.claim(QUEUE, WORKER, 10, clock.instant(), Optional.empty())).isEmpty();

        admin.saveSettings(admin.settings(QUEUE).withPaused(false));
        assertThat(work.claim(QUEUE, WORKER, 10, clock.instant(), Optional.empty())).hasSize(1);
    }

    @Test
    void claimNeverExceedsTheQueuesMaxConcurrencyAcrossWorkers() {
        admin.saveSettings(settings(QUEUE, 2, 3));
        for (int i = 0; i < 5; i++) {
            insert(job());
        }

        List<Job> first = work.claim(QUEUE, WORKER, 5, clock.instant(), Optional.empty());
        List<Job> second = work.claim(QUEUE, new WorkerId("worker-2"), 5, clock.instant(), Optional.empty());

        assertThat(first).hasSize(2);
        assertThat(second).isEmpty();
        work.complete(first.get(0).id(), lease(first.get(0)), Optional.empty(), clock.instant());
        assertThat(work.claim(QUEUE, new WorkerId("worker-2"), 5, clock.instant(), Optional.empty())).hasSize(1);
    }

    @Test
    void claimOfManyTakesUpToMaxFromTheQueueOnly() {
        for (int i = 0; i < 4; i++) {
            insert(job());
        }
        insert(job().queue(OTHER));

        List<Job> claimed = work.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty());

        assertThat(claimed).hasSize(3).allSatisfy(j -> {
            assertThat(j.queue()).isEqualTo(QUEUE);
            assertThat(j.state()).isEqualTo(JobState.RUNNING);
        });
        assertThat(work.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty())).hasSize(1);
        assertThat(work.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void everyClaimMakesAFreshLeaseId() {
        insert(job());
        Job first = claimOne(QUEUE);
        work.release(first.id(), lease(first), clock.instant());

        Job second = claimOne(QUEUE);

        assertThat(lease(second)).isNotEqualTo(lease(first));
        assertThatThrownBy(() -> work.heartbeat(first.id(), lease(first), clock.instant(), Optional.empty()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void concurrentClaimsHandEveryJobToExactlyOneWorker() throws Exception {
        admin.saveSettings(settings(QUEUE, QueueSettings.MAX_CONCURRENCY_LIMIT, 3));
        var batch = new ArrayList<NewJob>();
        for (int i = 0; i < 200; i++) {
            batch.add(job().build());
        }
        enqueue.insert(batch);
        var claimed = new ConcurrentLinkedQueue<Job>();
        var go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 4; t++) {
                WorkerId worker = new WorkerId("worker-" + t);
                futures.add(pool.submit(() -> {
                    go.await();
                    while (true) {
                        List<Job> got = work.claim(QUEUE, worker, 3, clock.instant(), Optional.empty());
                        if (got.isEmpty()) {
                            return null;
                        }
                        claimed.addAll(got);
                    }
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(2, TimeUnit.MINUTES);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(claimed).extracting(Job::id).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(batch.stream().map(NewJob::id).toList());
    }

    // ---------------------------------------------------------------- heartbeat

    @Test
    void heartbeatExtendsTheLeaseByItsClaimedLengthAndRecordsProgress() {
        insert(job());
        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(5))).get(0);
        Instant later = clock.advance(Duration.ofMinutes(2));

        Job beat = work.heartbeat(running.id(), lease(running), later, Optional.of(new Progress(40, "frames")));

        assertThat(beat.lease().orElseThrow().expiresAt()).isEqualTo(later.plus(Duration.ofMinutes(5)));
        assertThat(lease(beat)).isEqualTo(lease(running));
        assertThat(beat.progress()).isEqualTo(new Progress(40, "frames"));
        assertThat(beat.cancelRequested()).isFalse();
        assertThat(manage.find(running.id())).contains(beat);

        Job quiet = work.heartbeat(running.id(), lease(running), later.plusSeconds(1), Optional.empty());
        assertThat(quiet.progress()).isEqualTo(new Progress(40, "frames"));
    }

    @Test
    void heartbeatKeepsAnOverdueLeaseThatRecoveryHasNotEnded() {
        insert(job());
        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant late = clock.advance(Duration.ofMinutes(3));

        Job beat = work.heartbeat(running.id(), lease(running), late, Optional.empty());

        assertThat(beat.lease().orElseThrow().expiresAt()).isEqualTo(late.plus(Duration.ofMinutes(1)));
        assertThat(admin.recoverExpired(late, 10).total()).isZero();
    }

    @Test
    void heartbeatReportsACancelRequest() {
        Job running = claimOne(insert(job()).queue());
        manage.cancel(running.id(), clock.instant());

        Job beat = work.heartbeat(running.id(), lease(running), clock.instant(), Optional.empty());

        assertThat(beat.cancelRequested()).isTrue();
        assertThat(beat.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void heartbeatOfAnUnknownJobIsNotFound() {
        JobId missing = new JobId(ids.next());
        assertThatThrownBy(() -> work.heartbeat(missing, new LeaseId(ids.next()), clock.instant(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- stale leases

    @Test
    void staleLeaseCanNeitherHeartbeatCompleteFailNorRelease() {
        insert(job());
        Job first = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant later = clock.advance(Duration.ofMinutes(2));
        assertThat(admin.recoverExpired(later, 10).requeued()).isEqualTo(1);
        Job second = claimOne(QUEUE);
        LeaseId stale = lease(first);

        assertThatThrownBy(() -> work.heartbeat(first.id(), stale, later, Optional.of(new Progress(90, "x"))))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> work.complete(first.id(), stale, Optional.of(JsonText.of("{\"stale\":true}")), later))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> work.fail(first.id(), stale, "boom", later, 0.0))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> work.release(first.id(), stale, later))
                .isInstanceOf(LeaseLostException.class);

        assertThat(manage.find(first.id())).contains(second);
    }

    @Test
    void completeTwiceFailsTheSecondTime() {
        Job running = claimOne(insert(job()).queue());
        Job done = work.complete(running.id(), lease(running), Optional.of(JsonText.of("{\"n\":1}")), clock.instant());

        assertThatThrownBy(() -> work.complete(running.id(), lease(running), Optional.of(JsonText.of("{\"n\":2}")), clock.instant()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(manage.find(running.id())).contains(done);
    }

    @Test
    void actingOnAPendingJobWithAnyLeaseIsLeaseLost() {
        Job pending = insert(job());
        LeaseId invented = new LeaseId(ids.next());

        assertThatThrownBy(() -> work.complete(pending.id(), invented, Optional.empty(), clock.instant()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(manage.find(pending.id())).contains(pending);
    }

    // ---------------------------------------------------------------- complete many

    @Test
    void completeAllCompletesEachAsCompleteWouldAndRefusesOnlyTheStaleOnes() {
        for (int i = 0; i < 3; i++) {
            insert(job());
        }
        List<Job> running = work.claim(QUEUE, WORKER, 3, clock.instant(), Optional.of(Duration.ofMinutes(1)));
        Job stale = running.get(1);
        Instant later = clock.advance(Duration.ofMinutes(2));
        work.heartbeat(running.get(0).id(), lease(running.get(0)), later.minusSeconds(1), Optional.of(new Progress(40, "x")));
        work.heartbeat(running.get(2).id(), lease(running.get(2)), later.minusSeconds(1), Optional.empty());
        assertThat(admin.recoverExpired(later, 10).requeued()).isEqualTo(1);
        Job again = claimOne(QUEUE);
        assertThat(again.id()).isEqualTo(stale.id());
        JobId missing = new JobId(ids.next());
        JsonText tricky = JsonText.of("{\"text\":\"quote \\\" backslash \\\\ tab \\t \\u0001 é 日本 😀\"}");

        List<CompletionOutcome> outcomes = work.completeAll(List.of(
                new Completion(running.get(0).id(), lease(running.get(0)), Optional.of(tricky)),
                new Completion(stale.id(), lease(stale), Optional.empty()),
                new Completion(missing, lease(stale), Optional.empty()),
                new Completion(running.get(2).id(), lease(running.get(2)), Optional.empty())), later);

        assertThat(outcomes).extracting(CompletionOutcome::job)
                .containsExactly(running.get(0).id(), stale.id(), missing, running.get(2).id());
        CompletedJob summary = outcomes.get(0).orThrow();
        Job first = manage.find(running.get(0).id()).orElseThrow();
        assertThat(summary).isEqualTo(new CompletedJob(first.id(), QUEUE, first.type(), 1,
                running.get(0).startedAt().orElseThrow(), later));
        assertThat(first.state()).isEqualTo(JobState.COMPLETED);
        assertThat(first.result()).contains(tricky);
        assertThat(first.progress()).isEqualTo(new Progress(100, "x"));
        assertThat(first.finishedAt()).contains(later);
        assertThat(first.lease()).isEmpty();
        assertThat(outcomes.get(1).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(manage.find(stale.id())).contains(again);
        assertThat(outcomes.get(2).refused()).containsInstanceOf(NotFoundException.class);
        Job last = manage.find(running.get(2).id()).orElseThrow();
        assertThat(last.state()).isEqualTo(JobState.COMPLETED);
        assertThat(last.result()).isEmpty();
        assertThat(outcomes.get(3).orThrow()).isEqualTo(CompletedJob.of(last));
    }

    @Test
    void completeAllWithOneJobTwiceCompletesItOnceAsTwoCallsWould() {
        Job a = claimOne(insert(job()).queue());
        Job b = claimOne(insert(job()).queue());
        LeaseId wrong = new LeaseId(ids.next());

        List<CompletionOutcome> outcomes = work.completeAll(List.of(
                new Completion(a.id(), lease(a), Optional.of(JsonText.of("{\"n\":1}"))),
                new Completion(a.id(), lease(a), Optional.of(JsonText.of("{\"n\":2}"))),
                new Completion(b.id(), wrong, Optional.empty()),
                new Completion(b.id(), lease(b), Optional.empty())), clock.instant());

        assertThat(outcomes.get(0).orThrow().id()).isEqualTo(a.id());
        assertThat(outcomes.get(1).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(outcomes.get(2).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(outcomes.get(3).orThrow()).isEqualTo(CompletedJob.of(manage.find(b.id()).orElseThrow()));
        assertThat(manage.find(a.id()).orElseThrow().result()).contains(JsonText.of("{\"n\":1}"));
        assertThat(work.completeAll(List.of(), clock.instant())).isEmpty();
    }

    // ---------------------------------------------------------------- complete, fail, release

    @Test
    void completeStoresTheResult() {
        Job running = claimOne(insert(job()).queue());
        work.heartbeat(running.id(), lease(running), clock.instant(), Optional.of(new Progress(50, "half")));
        Instant end = clock.advance(Duration.ofSeconds(12));
        JsonText result = JsonText.of("{\"files\":[\"a.png\"],\"warnings\":[]}");

        Job done = work.complete(running.id(), lease(running), Optional.of(result), end);

        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.result()).contains(result);
        assertThat(done.progress().percent()).isEqualTo(100);
        assertThat(done.finishedAt()).contains(end);
        assertThat(done.actualDuration()).contains(Duration.ofSeconds(12));
        assertThat(done.lease()).isEmpty();
        assertThat(manage.find(running.id())).contains(done);
    }

    @Test
    void failWithAttemptsLeftRetriesAfterTheBackoff() {
        admin.saveSettings(new QueueSettings(QUEUE, false, 16, 3,
                new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.5), Duration.ofMinutes(1)));
        insert(job().maxAttempts(3));

        Job first = claimOne(QUEUE);
        Job retry1 = work.fail(first.id(), lease(first), "disk busy", clock.instant(), 0.5);
        assertThat(retry1.state()).isEqualTo(JobState.PENDING);
        assertThat(retry1.attempts()).isEqualTo(1);
        assertThat(retry1.lastError()).contains("disk busy");
        assertThat(retry1.lease()).isEmpty();
        assertThat(retry1.finishedAt()).isEmpty();
        // 10 s after the first failed attempt, scaled by 1 - 0.5 * 0.5
        assertThat(retry1.runAt()).isEqualTo(clock.instant().plusMillis(7_500));
        assertThat(work.claim(QUEUE, WORKER, 1, retry1.runAt().minusMillis(1), Optional.empty())).isEmpty();

        clock.set(retry1.runAt());
        Job second = claimOne(QUEUE);
        Job retry2 = work.fail(second.id(), lease(second), "disk busy", clock.instant(), 0.5);
        assertThat(retry2.attempts()).isEqualTo(2);
        assertThat(retry2.runAt()).isEqualTo(clock.instant().plusMillis(15_000));
    }

    @Test
    void failWithNoAttemptsLeftFailsTheJob() {
        insert(job().maxAttempts(1));
        Job running = claimOne(QUEUE);

        Job failed = work.fail(running.id(), lease(running), "bad input", clock.instant(), 0.0);

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("bad input");
        assertThat(failed.finishedAt()).contains(clock.instant());
        assertThat(failed.lease()).isEmpty();
        assertThat(work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void failAfterACancelRequestCancelsTheJob() {
        Job running = claimOne(insert(job().maxAttempts(5)).queue());
        manage.cancel(running.id(), clock.instant());

        Job cancelled = work.fail(running.id(), lease(running), "stopped on request", clock.instant(), 0.0);

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).contains(clock.instant());
        assertThat(work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void releaseGivesTheAttemptBackAndTheJobIsDueAtOnce() {
        Job pending = insert(job().maxAttempts(1));
        Job running = claimOne(QUEUE);
        Instant now = clock.advance(Duration.ofSeconds(5));

        Job released = work.release(running.id(), lease(running), now);

        assertThat(released.state()).isEqualTo(JobState.PENDING);
        assertThat(released.attempts()).isZero();
        assertThat(released.runAt()).isEqualTo(now);
        assertThat(released.lease()).isEmpty();
        assertThat(claimOne(QUEUE).id()).isEqualTo(pending.id());
    }

    @Test
    void releaseAfterACancelRequestCancelsTheJob() {
        Job running = claimOne(insert(job()).queue());
        manage.cancel(running.id(), clock.instant());

        assertThat(work.release(running.id(), lease(running), clock.instant()).state()).isEqualTo(JobState.CANCELLED);
    }

    // ---------------------------------------------------------------- next due, retention

    @Test
    void nextDueIsTheEarliestRunAtOfPendingJobs() {
        assertThat(work.nextDue(QUEUE)).isEmpty();
        Instant soon = T0.plus(Duration.ofMinutes(3));
        insert(job().runAt(T0.plus(Duration.ofMinutes(9))));
        insert(job().runAt(soon));
        insert(job().queue(OTHER).runAt(T0.plusSeconds(1)));

        assertThat(work.nextDue(QUEUE)).contains(soon);

        clock.set(soon);
        claimOne(QUEUE);
        assertThat(work.nextDue(QUEUE)).contains(T0.plus(Duration.ofMinutes(9)));
    }

    @Test
    void nextDueLeavesOutJobsDueWhenCreatedAndCountsRetries() {
        insert(job());
        assertThat(work.nextDue(QUEUE)).isEmpty();

        Job running = claimOne(QUEUE);
        Job retry = work.fail(running.id(), lease(running), "boom", clock.instant(), 0.5);

        assertThat(retry.state()).isEqualTo(JobState.PENDING);
        assertThat(work.nextDue(QUEUE)).contains(retry.runAt());
    }
}
