package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobStore;
import dev.stowage.application.port.out.JobStore.Inserted;
import dev.stowage.application.port.out.JobStore.Recovery;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.CompletedJob;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} promises, one test per promise of its Javadoc. An adapter's test
 * extends this class and only says how to build a fresh, empty store.
 *
 * <p>Stores never read a clock: every time comes in as a {@code now} argument, taken here from a
 * {@link ManualClock} so that tests are exact. Lease ids come from the {@link IdGenerator} handed to
 * {@link #newStore}.
 */
public abstract class JobStoreContract {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    protected static final QueueName QUEUE = new QueueName("media");
    protected static final QueueName OTHER = new QueueName("other");
    protected static final JobType RENDER = new JobType("render");
    protected static final JobType PREVIEW = new JobType("preview");
    protected static final WorkerId WORKER = new WorkerId("worker-1");

    protected ManualClock clock;
    protected IdGenerator ids;
    protected JobStore store;

    /** A new, empty store. Called before every test. */
    protected abstract JobStore newStore(Clock clock, IdGenerator ids);

    /** Releases what {@link #newStore} opened. Called after every test. */
    protected void closeStore(JobStore store) {
    }

    @BeforeEach
    void createStore() {
        clock = new ManualClock(T0);
        ids = new MonotonicIdGenerator(clock, new SplittableRandom(7));
        store = newStore(clock, ids);
    }

    @AfterEach
    void dropStore() {
        closeStore(store);
    }

    // ---------------------------------------------------------------- insert

    @Test
    void insertStoresPendingJobsInInputOrder() {
        NewJob a = job().build();
        NewJob b = job().type(PREVIEW).priority(5).build();

        List<Inserted> out = store.insert(List.of(a, b));

        assertThat(out).extracting(Inserted::created).containsExactly(true, true);
        assertThat(out).extracting(i -> i.job().id()).containsExactly(a.id(), b.id());
        Job stored = store.find(b.id()).orElseThrow();
        assertThat(stored).isEqualTo(b.toPendingJob());
        assertThat(stored.state()).isEqualTo(JobState.PENDING);
        assertThat(stored.attempts()).isZero();
        assertThat(stored.lease()).isEmpty();
    }

    @Test
    void insertIsAllOrNone() {
        NewJob first = job().build();
        store.insert(List.of(first));
        NewJob fresh = job().build();
        NewJob clash = job().id(first.id()).build();

        assertThatThrownBy(() -> store.insert(List.of(fresh, clash))).isInstanceOf(AlreadyExistsException.class);

        assertThat(store.find(fresh.id())).isEmpty();
    }

    @Test
    void dedupKeyReturnsTheUnfinishedJobOfTheSameQueue() {
        Job pending = insert(job().dedup("report-7"));
        Job running = claimOne(insert(job().queue(OTHER).dedup("report-7")).queue());

        Inserted again = store.insert(List.of(job().dedup("report-7").build())).get(0);
        Inserted againRunning = store.insert(List.of(job().queue(OTHER).dedup("report-7").build())).get(0);

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(pending.id());
        assertThat(againRunning.created()).isFalse();
        assertThat(againRunning.job().id()).isEqualTo(running.id());
        assertThat(store.list(JobFilter.all(), PageRequest.first(10)).items()).hasSize(2);
    }

    @Test
    void dedupKeyDoesNotReachAcrossQueues() {
        insert(job().dedup("k"));

        Inserted other = store.insert(List.of(job().queue(OTHER).dedup("k").build())).get(0);

        assertThat(other.created()).isTrue();
    }

    @Test
    void finishedJobWithTheSameDedupKeyDoesNotBlock() {
        Job done = claimOne(insert(job().dedup("k")).queue());
        store.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        Inserted next = store.insert(List.of(job().dedup("k").build())).get(0);

        assertThat(next.created()).isTrue();
        assertThat(next.job().id()).isNotEqualTo(done.id());
    }

    @Test
    void externalRefIsIdempotentWhateverTheStateOrQueue() {
        Job done = claimOne(insert(job().ref("legacy-42")).queue());
        store.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        Inserted again = store.insert(List.of(job().queue(OTHER).ref("legacy-42").build())).get(0);

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(done.id());
        assertThat(again.job().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void laterDuplicateInOneBatchResolvesToTheEarlierJob() {
        NewJob a = job().dedup("k").build();
        NewJob b = job().dedup("k").build();
        NewJob c = job().ref("r").build();
        NewJob d = job().queue(OTHER).ref("r").build();

        List<Inserted> out = store.insert(List.of(a, b, c, d));

        assertThat(out).extracting(Inserted::created).containsExactly(true, false, true, false);
        assertThat(out.get(1).job().id()).isEqualTo(a.id());
        assertThat(out.get(3).job().id()).isEqualTo(c.id());
        assertThat(store.find(b.id())).isEmpty();
        assertThat(store.find(d.id())).isEmpty();
    }

    @Test
    void insertImportedKeepsJobsAsTheyAreAndIsIdempotentByExternalRef() {
        Job failed = imported("legacy-1", JobState.FAILED);
        Job pending = imported("legacy-2", JobState.PENDING);

        List<Inserted> out = store.insertImported(List.of(failed, pending));
        List<Inserted> again = store.insertImported(List.of(imported("legacy-1", JobState.PENDING)));

        assertThat(out).extracting(Inserted::created).containsExactly(true, true);
        assertThat(store.find(failed.id())).contains(failed);
        assertThat(store.findByExternalRef("legacy-2")).contains(pending);
        assertThat(store.findByExternalRef("legacy-3")).isEmpty();
        assertThat(again.get(0).created()).isFalse();
        assertThat(again.get(0).job()).isEqualTo(failed);
        assertThat(claimOne(QUEUE).id()).isEqualTo(pending.id());
    }

    @Test
    void insertImportedRejectsRunningJobsAndMissingRefsStoringNothing() {
        Job fine = imported("legacy-1", JobState.PENDING);
        Job running = imported("legacy-2", JobState.RUNNING);
        Job noRef = withoutRef(imported("legacy-3", JobState.PENDING));

        assertThatThrownBy(() -> store.insertImported(List.of(fine, running))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.insertImported(List.of(fine, noRef))).isInstanceOf(InvalidInputException.class);
        assertThat(store.find(fine.id())).isEmpty();
    }

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
                .isEqualTo(clock.instant().plus(store.settings(QUEUE).leaseDuration()));
        assertThat(store.find(pending.id())).contains(running);
    }

    @Test
    void leaseOverrideSetsTheExpiry() {
        insert(job());

        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(7))).get(0);

        assertThat(running.lease().orElseThrow().expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(7)));
    }

    @Test
    void delayedJobIsNotHandedOutBeforeItsRunAt() {
        Instant due = T0.plus(Duration.ofMinutes(5));
        Job delayed = insert(job().runAt(due));

        assertThat(store.claim(QUEUE, WORKER, 1, due.minusMillis(1), Optional.empty())).isEmpty();
        clock.set(due);
        assertThat(claimOne(QUEUE).id()).isEqualTo(delayed.id());
    }

    @Test
    void pausedQueueHandsOutNothing() {
        insert(job());
        store.saveSettings(store.settings(QUEUE).withPaused(true));

        assertThat(store.claim(QUEUE, WORKER, 10, clock.instant(), Optional.empty())).isEmpty();

        store.saveSettings(store.settings(QUEUE).withPaused(false));
        assertThat(store.claim(QUEUE, WORKER, 10, clock.instant(), Optional.empty())).hasSize(1);
    }

    @Test
    void claimNeverExceedsTheQueuesMaxConcurrencyAcrossWorkers() {
        store.saveSettings(settings(QUEUE, 2, 3));
        for (int i = 0; i < 5; i++) {
            insert(job());
        }

        List<Job> first = store.claim(QUEUE, WORKER, 5, clock.instant(), Optional.empty());
        List<Job> second = store.claim(QUEUE, new WorkerId("worker-2"), 5, clock.instant(), Optional.empty());

        assertThat(first).hasSize(2);
        assertThat(second).isEmpty();
        store.complete(first.get(0).id(), lease(first.get(0)), Optional.empty(), clock.instant());
        assertThat(store.claim(QUEUE, new WorkerId("worker-2"), 5, clock.instant(), Optional.empty())).hasSize(1);
    }

    @Test
    void claimOfManyTakesUpToMaxFromTheQueueOnly() {
        for (int i = 0; i < 4; i++) {
            insert(job());
        }
        insert(job().queue(OTHER));

        List<Job> claimed = store.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty());

        assertThat(claimed).hasSize(3).allSatisfy(j -> {
            assertThat(j.queue()).isEqualTo(QUEUE);
            assertThat(j.state()).isEqualTo(JobState.RUNNING);
        });
        assertThat(store.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty())).hasSize(1);
        assertThat(store.claim(QUEUE, WORKER, 3, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void everyClaimMakesAFreshLeaseId() {
        insert(job());
        Job first = claimOne(QUEUE);
        store.release(first.id(), lease(first), clock.instant());

        Job second = claimOne(QUEUE);

        assertThat(lease(second)).isNotEqualTo(lease(first));
        assertThatThrownBy(() -> store.heartbeat(first.id(), lease(first), clock.instant(), Optional.empty()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void concurrentClaimsHandEveryJobToExactlyOneWorker() throws Exception {
        store.saveSettings(settings(QUEUE, QueueSettings.MAX_CONCURRENCY_LIMIT, 3));
        var batch = new ArrayList<NewJob>();
        for (int i = 0; i < 200; i++) {
            batch.add(job().build());
        }
        store.insert(batch);
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
                        List<Job> got = store.claim(QUEUE, worker, 3, clock.instant(), Optional.empty());
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
        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(5))).get(0);
        Instant later = clock.advance(Duration.ofMinutes(2));

        Job beat = store.heartbeat(running.id(), lease(running), later, Optional.of(new Progress(40, "frames")));

        assertThat(beat.lease().orElseThrow().expiresAt()).isEqualTo(later.plus(Duration.ofMinutes(5)));
        assertThat(lease(beat)).isEqualTo(lease(running));
        assertThat(beat.progress()).isEqualTo(new Progress(40, "frames"));
        assertThat(beat.cancelRequested()).isFalse();
        assertThat(store.find(running.id())).contains(beat);

        Job quiet = store.heartbeat(running.id(), lease(running), later.plusSeconds(1), Optional.empty());
        assertThat(quiet.progress()).isEqualTo(new Progress(40, "frames"));
    }

    @Test
    void heartbeatKeepsAnOverdueLeaseThatRecoveryHasNotEnded() {
        insert(job());
        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant late = clock.advance(Duration.ofMinutes(3));

        Job beat = store.heartbeat(running.id(), lease(running), late, Optional.empty());

        assertThat(beat.lease().orElseThrow().expiresAt()).isEqualTo(late.plus(Duration.ofMinutes(1)));
        assertThat(store.recoverExpired(late, 10).total()).isZero();
    }

    @Test
    void heartbeatReportsACancelRequest() {
        Job running = claimOne(insert(job()).queue());
        store.cancel(running.id(), clock.instant());

        Job beat = store.heartbeat(running.id(), lease(running), clock.instant(), Optional.empty());

        assertThat(beat.cancelRequested()).isTrue();
        assertThat(beat.state()).isEqualTo(JobState.RUNNING);
    }

    @Test
    void heartbeatOfAnUnknownJobIsNotFound() {
        JobId missing = new JobId(ids.next());
        assertThatThrownBy(() -> store.heartbeat(missing, new LeaseId(ids.next()), clock.instant(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- stale leases

    @Test
    void staleLeaseCanNeitherHeartbeatCompleteFailNorRelease() {
        insert(job());
        Job first = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant later = clock.advance(Duration.ofMinutes(2));
        assertThat(store.recoverExpired(later, 10).requeued()).isEqualTo(1);
        Job second = claimOne(QUEUE);
        LeaseId stale = lease(first);

        assertThatThrownBy(() -> store.heartbeat(first.id(), stale, later, Optional.of(new Progress(90, "x"))))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.complete(first.id(), stale, Optional.of(JsonText.of("{\"stale\":true}")), later))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.fail(first.id(), stale, "boom", later, 0.0))
                .isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> store.release(first.id(), stale, later))
                .isInstanceOf(LeaseLostException.class);

        assertThat(store.find(first.id())).contains(second);
    }

    @Test
    void completeTwiceFailsTheSecondTime() {
        Job running = claimOne(insert(job()).queue());
        Job done = store.complete(running.id(), lease(running), Optional.of(JsonText.of("{\"n\":1}")), clock.instant());

        assertThatThrownBy(() -> store.complete(running.id(), lease(running), Optional.of(JsonText.of("{\"n\":2}")), clock.instant()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.find(running.id())).contains(done);
    }

    @Test
    void actingOnAPendingJobWithAnyLeaseIsLeaseLost() {
        Job pending = insert(job());
        LeaseId invented = new LeaseId(ids.next());

        assertThatThrownBy(() -> store.complete(pending.id(), invented, Optional.empty(), clock.instant()))
                .isInstanceOf(LeaseLostException.class);
        assertThat(store.find(pending.id())).contains(pending);
    }

    // ---------------------------------------------------------------- complete many

    @Test
    void completeAllCompletesEachAsCompleteWouldAndRefusesOnlyTheStaleOnes() {
        for (int i = 0; i < 3; i++) {
            insert(job());
        }
        List<Job> running = store.claim(QUEUE, WORKER, 3, clock.instant(), Optional.of(Duration.ofMinutes(1)));
        Job stale = running.get(1);
        Instant later = clock.advance(Duration.ofMinutes(2));
        store.heartbeat(running.get(0).id(), lease(running.get(0)), later.minusSeconds(1), Optional.of(new Progress(40, "x")));
        store.heartbeat(running.get(2).id(), lease(running.get(2)), later.minusSeconds(1), Optional.empty());
        assertThat(store.recoverExpired(later, 10).requeued()).isEqualTo(1);
        Job again = claimOne(QUEUE);
        assertThat(again.id()).isEqualTo(stale.id());
        JobId missing = new JobId(ids.next());
        JsonText tricky = JsonText.of("{\"text\":\"quote \\\" backslash \\\\ tab \\t \\u0001 é 日本 😀\"}");

        List<CompletionOutcome> outcomes = store.completeAll(List.of(
                new Completion(running.get(0).id(), lease(running.get(0)), Optional.of(tricky)),
                new Completion(stale.id(), lease(stale), Optional.empty()),
                new Completion(missing, lease(stale), Optional.empty()),
                new Completion(running.get(2).id(), lease(running.get(2)), Optional.empty())), later);

        assertThat(outcomes).extracting(CompletionOutcome::job)
                .containsExactly(running.get(0).id(), stale.id(), missing, running.get(2).id());
        CompletedJob summary = outcomes.get(0).orThrow();
        Job first = store.find(running.get(0).id()).orElseThrow();
        assertThat(summary).isEqualTo(new CompletedJob(first.id(), QUEUE, first.type(), 1,
                running.get(0).startedAt().orElseThrow(), later));
        assertThat(first.state()).isEqualTo(JobState.COMPLETED);
        assertThat(first.result()).contains(tricky);
        assertThat(first.progress()).isEqualTo(new Progress(100, "x"));
        assertThat(first.finishedAt()).contains(later);
        assertThat(first.lease()).isEmpty();
        assertThat(outcomes.get(1).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(store.find(stale.id())).contains(again);
        assertThat(outcomes.get(2).refused()).containsInstanceOf(NotFoundException.class);
        Job last = store.find(running.get(2).id()).orElseThrow();
        assertThat(last.state()).isEqualTo(JobState.COMPLETED);
        assertThat(last.result()).isEmpty();
        assertThat(outcomes.get(3).orThrow()).isEqualTo(CompletedJob.of(last));
    }

    @Test
    void completeAllWithOneJobTwiceCompletesItOnceAsTwoCallsWould() {
        Job a = claimOne(insert(job()).queue());
        Job b = claimOne(insert(job()).queue());
        LeaseId wrong = new LeaseId(ids.next());

        List<CompletionOutcome> outcomes = store.completeAll(List.of(
                new Completion(a.id(), lease(a), Optional.of(JsonText.of("{\"n\":1}"))),
                new Completion(a.id(), lease(a), Optional.of(JsonText.of("{\"n\":2}"))),
                new Completion(b.id(), wrong, Optional.empty()),
                new Completion(b.id(), lease(b), Optional.empty())), clock.instant());

        assertThat(outcomes.get(0).orThrow().id()).isEqualTo(a.id());
        assertThat(outcomes.get(1).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(outcomes.get(2).refused()).containsInstanceOf(LeaseLostException.class);
        assertThat(outcomes.get(3).orThrow()).isEqualTo(CompletedJob.of(store.find(b.id()).orElseThrow()));
        assertThat(store.find(a.id()).orElseThrow().result()).contains(JsonText.of("{\"n\":1}"));
        assertThat(store.completeAll(List.of(), clock.instant())).isEmpty();
    }

    @Test
    void aLargeBatchOfPlainAndDeduplicatedJobsIsStoredExactlyAsGiven() {
        Job existing = insert(job().dedup("same"));
        JsonText tricky = JsonText.of("{\"text\":\"quote \\\" backslash \\\\ \\n é 日本 😀\", \"n\": 1.50}");
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            NewJob plain = job().priority(i % 7 - 3).build();
            if (i % 50 == 10) {
                batch.add(job().dedup("same").build());
            } else if (i % 50 == 20) {
                batch.add(job().dedup("batch-" + i / 50).build());
                batch.add(job().dedup("batch-" + i / 50).build());
            } else {
                batch.add(new NewJob(plain.id(), plain.queue(), plain.type(), i % 2 == 0 ? tricky : plain.payload(),
                        plain.priority(), plain.maxAttempts(), plain.runAt().plusSeconds(i), i % 3 == 0
                        ? Optional.empty() : plain.estimatedDuration(), Optional.empty(), Optional.empty(),
                        plain.createdAt()));
            }
        }

        List<Inserted> inserted = store.insert(batch);

        assertThat(inserted).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewJob given = batch.get(i);
            Inserted got = inserted.get(i);
            if (given.dedupKey().equals(Optional.of("same"))) {
                assertThat(got.created()).isFalse();
                assertThat(got.job()).isEqualTo(existing);
            } else if (i > 0 && given.dedupKey().isPresent() && given.dedupKey().equals(batch.get(i - 1).dedupKey())) {
                assertThat(got.created()).isFalse();
                assertThat(got.job()).isEqualTo(inserted.get(i - 1).job());
            } else {
                assertThat(got.created()).isTrue();
                assertThat(got.job()).isEqualTo(given.toPendingJob());
                assertThat(store.find(given.id())).contains(given.toPendingJob());
            }
        }
    }

    // ---------------------------------------------------------------- complete, fail, release

    @Test
    void completeStoresTheResult() {
        Job running = claimOne(insert(job()).queue());
        store.heartbeat(running.id(), lease(running), clock.instant(), Optional.of(new Progress(50, "half")));
        Instant end = clock.advance(Duration.ofSeconds(12));
        JsonText result = JsonText.of("{\"files\":[\"a.png\"],\"warnings\":[]}");

        Job done = store.complete(running.id(), lease(running), Optional.of(result), end);

        assertThat(done.state()).isEqualTo(JobState.COMPLETED);
        assertThat(done.result()).contains(result);
        assertThat(done.progress().percent()).isEqualTo(100);
        assertThat(done.finishedAt()).contains(end);
        assertThat(done.actualDuration()).contains(Duration.ofSeconds(12));
        assertThat(done.lease()).isEmpty();
        assertThat(store.find(running.id())).contains(done);
    }

    @Test
    void failWithAttemptsLeftRetriesAfterTheBackoff() {
        store.saveSettings(new QueueSettings(QUEUE, false, 16, 3,
                new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(10), 0.5), Duration.ofMinutes(1)));
        insert(job().maxAttempts(3));

        Job first = claimOne(QUEUE);
        Job retry1 = store.fail(first.id(), lease(first), "disk busy", clock.instant(), 0.5);
        assertThat(retry1.state()).isEqualTo(JobState.PENDING);
        assertThat(retry1.attempts()).isEqualTo(1);
        assertThat(retry1.lastError()).contains("disk busy");
        assertThat(retry1.lease()).isEmpty();
        assertThat(retry1.finishedAt()).isEmpty();
        // 10 s after the first failed attempt, scaled by 1 - 0.5 * 0.5
        assertThat(retry1.runAt()).isEqualTo(clock.instant().plusMillis(7_500));
        assertThat(store.claim(QUEUE, WORKER, 1, retry1.runAt().minusMillis(1), Optional.empty())).isEmpty();

        clock.set(retry1.runAt());
        Job second = claimOne(QUEUE);
        Job retry2 = store.fail(second.id(), lease(second), "disk busy", clock.instant(), 0.5);
        assertThat(retry2.attempts()).isEqualTo(2);
        assertThat(retry2.runAt()).isEqualTo(clock.instant().plusMillis(15_000));
    }

    @Test
    void failWithNoAttemptsLeftFailsTheJob() {
        insert(job().maxAttempts(1));
        Job running = claimOne(QUEUE);

        Job failed = store.fail(running.id(), lease(running), "bad input", clock.instant(), 0.0);

        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("bad input");
        assertThat(failed.finishedAt()).contains(clock.instant());
        assertThat(failed.lease()).isEmpty();
        assertThat(store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void failAfterACancelRequestCancelsTheJob() {
        Job running = claimOne(insert(job().maxAttempts(5)).queue());
        store.cancel(running.id(), clock.instant());

        Job cancelled = store.fail(running.id(), lease(running), "stopped on request", clock.instant(), 0.0);

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).contains(clock.instant());
        assertThat(store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void releaseGivesTheAttemptBackAndTheJobIsDueAtOnce() {
        Job pending = insert(job().maxAttempts(1));
        Job running = claimOne(QUEUE);
        Instant now = clock.advance(Duration.ofSeconds(5));

        Job released = store.release(running.id(), lease(running), now);

        assertThat(released.state()).isEqualTo(JobState.PENDING);
        assertThat(released.attempts()).isZero();
        assertThat(released.runAt()).isEqualTo(now);
        assertThat(released.lease()).isEmpty();
        assertThat(claimOne(QUEUE).id()).isEqualTo(pending.id());
    }

    @Test
    void releaseAfterACancelRequestCancelsTheJob() {
        Job running = claimOne(insert(job()).queue());
        store.cancel(running.id(), clock.instant());

        assertThat(store.release(running.id(), lease(running), clock.instant()).state()).isEqualTo(JobState.CANCELLED);
    }

    // ---------------------------------------------------------------- cancel, retry

    @Test
    void cancelOfAPendingJobIsImmediate() {
        Job pending = insert(job());

        Job cancelled = store.cancel(pending.id(), clock.instant());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).contains(clock.instant());
        assertThat(store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void cancelOfARunningJobOnlyFlagsIt() {
        Job running = claimOne(insert(job()).queue());

        Job flagged = store.cancel(running.id(), clock.instant());

        assertThat(flagged.state()).isEqualTo(JobState.RUNNING);
        assertThat(flagged.cancelRequested()).isTrue();
        assertThat(flagged.lease()).isEqualTo(running.lease());
    }

    @Test
    void cancelOfACancelledJobChangesNothing() {
        Job cancelled = store.cancel(insert(job()).id(), clock.instant());
        clock.advance(Duration.ofMinutes(1));

        assertThat(store.cancel(cancelled.id(), clock.instant())).isEqualTo(cancelled);
    }

    @Test
    void cancelOfAFinishedJobIsAConflict() {
        Job running = claimOne(insert(job()).queue());
        store.complete(running.id(), lease(running), Optional.empty(), clock.instant());
        Job failing = claimOne(insert(job().maxAttempts(1)).queue());
        store.fail(failing.id(), lease(failing), "x", clock.instant(), 0.0);

        assertThatThrownBy(() -> store.cancel(running.id(), clock.instant())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.cancel(failing.id(), clock.instant())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> store.cancel(new JobId(ids.next()), clock.instant())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void retryPutsAFailedJobBackWithItsErrorKept() {
        Job running = claimOne(insert(job().maxAttempts(1)).queue());
        store.fail(running.id(), lease(running), "bad input", clock.instant(), 0.0);
        Instant now = clock.advance(Duration.ofHours(1));

        Job retried = store.retry(running.id(), now);

        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.runAt()).isEqualTo(now);
        assertThat(retried.lastError()).contains("bad input");
        assertThat(claimOne(QUEUE).id()).isEqualTo(running.id());
    }

    @Test
    void retryPutsACancelledJobBackWithTheCancelCleared() {
        Job running = claimOne(insert(job()).queue());
        store.cancel(running.id(), clock.instant());
        store.fail(running.id(), lease(running), "stopped", clock.instant(), 0.0);

        Job retried = store.retry(running.id(), clock.instant());

        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.cancelRequested()).isFalse();
    }

    @Test
    void retryOfAnUnfinishedOrCompletedJobIsAConflict() {
        Job pending = insert(job());
        Job running = claimOne(insert(job().queue(OTHER)).queue());
        Job done = claimOne(insert(job().queue(new QueueName("third"))).queue());
        store.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        for (Job j : List.of(pending, running, done)) {
            assertThatThrownBy(() -> store.retry(j.id(), clock.instant())).isInstanceOf(ConflictException.class);
        }
        assertThatThrownBy(() -> store.retry(new JobId(ids.next()), clock.instant())).isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- recovery

    @Test
    void recoverExpiredRequeuesJobsWithAttemptsLeft() {
        insert(job().maxAttempts(2));
        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);

        assertThat(store.recoverExpired(T0.plusSeconds(59), 10)).isEqualTo(new Recovery(0, 0, 0));
        Instant expiry = T0.plus(Duration.ofMinutes(1));
        assertThat(store.recoverExpired(expiry, 10)).isEqualTo(new Recovery(1, 0, 0));

        Job back = store.find(running.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.PENDING);
        assertThat(back.runAt()).isEqualTo(expiry);
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(back.lease()).isEmpty();
        assertThatThrownBy(() -> store.heartbeat(running.id(), lease(running), expiry, Optional.empty()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void recoverExpiredFailsJobsWithNoAttemptsLeft() {
        insert(job().maxAttempts(1));
        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant later = T0.plus(Duration.ofMinutes(2));

        assertThat(store.recoverExpired(later, 10)).isEqualTo(new Recovery(0, 1, 0));

        Job failed = store.find(running.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("lease expired");
        assertThat(failed.finishedAt()).contains(later);
    }

    @Test
    void recoverExpiredCancelsJobsWithACancelRequest() {
        insert(job());
        Job running = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        store.cancel(running.id(), clock.instant());

        assertThat(store.recoverExpired(T0.plus(Duration.ofMinutes(2)), 10)).isEqualTo(new Recovery(0, 0, 1));
        assertThat(store.find(running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void recoverExpiredDoesAtMostLimitJobsPerCall() {
        for (int i = 0; i < 3; i++) {
            insert(job());
            store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(1));
        }
        Instant later = T0.plus(Duration.ofMinutes(5));

        assertThat(store.recoverExpired(later, 2).total()).isEqualTo(2);
        assertThat(store.recoverExpired(later, 2).total()).isEqualTo(1);
        assertThat(store.recoverExpired(later, 2).total()).isZero();
    }

    // ---------------------------------------------------------------- find, list

    @Test
    void findOfAnUnknownJobIsEmpty() {
        assertThat(store.find(new JobId(ids.next()))).isEmpty();
    }

    @Test
    void listWalksEveryPageNewestFirstWithoutGapsOrDuplicates() {
        var expected = new ArrayList<JobId>();
        for (int i = 0; i < 23; i++) {
            expected.add(insert(job().type(i % 2 == 0 ? RENDER : PREVIEW)).id());
            insert(job().queue(OTHER));
            clock.advance(Duration.ofSeconds(1));
        }
        expected.sort(Comparator.reverseOrder());

        List<Job> walked = walk(JobFilter.queue(QUEUE), 5);

        assertThat(walked).extracting(Job::id).containsExactlyElementsOf(expected);
    }

    @Test
    void listFiltersByQueueStateTypeAndCreationTime() {
        var all = new ArrayList<Job>();
        for (int i = 0; i < 12; i++) {
            all.add(insert(job().queue(i % 3 == 0 ? OTHER : QUEUE).type(i % 2 == 0 ? RENDER : PREVIEW)));
            clock.advance(Duration.ofMinutes(1));
        }
        Job running = claimOne(QUEUE);
        Job cancelled = store.cancel(all.get(all.size() - 1).id(), clock.instant());
        List<Job> current = all.stream().map(j -> store.find(j.id()).orElseThrow()).toList();
        assertThat(current).contains(running, cancelled);

        List<JobFilter> filters = List.of(
                JobFilter.all(),
                JobFilter.queue(QUEUE),
                JobFilter.all().withStates(Set.of(JobState.PENDING)),
                JobFilter.all().withStates(Set.of(JobState.RUNNING, JobState.CANCELLED)),
                JobFilter.queue(QUEUE).withType(PREVIEW),
                JobFilter.all().createdBetween(T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(8))),
                JobFilter.queue(OTHER).withType(RENDER).createdBetween(null, T0.plus(Duration.ofMinutes(7))));
        for (JobFilter f : filters) {
            List<JobId> want = current.stream().filter(f::matches).map(Job::id).sorted(Comparator.reverseOrder()).toList();
            assertThat(walk(f, 4)).as("filter %s", f).extracting(Job::id).containsExactlyElementsOf(want);
        }
    }

    @Test
    void listRejectsACursorItDidNotIssue() {
        insert(job());
        assertThatThrownBy(() -> store.list(JobFilter.all(), PageRequest.after(new Cursor("not a cursor"), 10)))
                .isInstanceOf(InvalidInputException.class);
    }

    /** Every page in turn; only the last page may be empty, and only it has no next cursor. */
    protected List<Job> walk(JobFilter filter, int pageSize) {
        var out = new ArrayList<Job>();
        Page<Job> page = store.list(filter, PageRequest.first(pageSize));
        while (true) {
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            out.addAll(page.items());
            if (page.next().isEmpty()) {
                return out;
            }
            assertThat(page.items()).isNotEmpty();
            page = store.list(filter, PageRequest.after(page.next().get(), pageSize));
        }
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsCountStatesAndMeasureTheWindow() {
        Instant from = T0.plus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofHours(1));
        // before the window: counted by state, not in the window's figures
        runToCompletion(QUEUE, Duration.ofSeconds(99));
        clock.set(from);
        for (int s = 1; s <= 20; s++) {
            clock.set(from.plus(Duration.ofMinutes(s)));
            runToCompletion(QUEUE, Duration.ofSeconds(s));
        }
        clock.set(from.plus(Duration.ofMinutes(30)));
        for (int i = 0; i < 5; i++) {
            Job j = claimOne(insert(job().maxAttempts(1)).queue());
            store.fail(j.id(), lease(j), "bad", clock.instant(), 0.0);
        }
        store.cancel(insert(job()).id(), clock.instant());
        Job stillRunning = claimOne(insert(job()).queue());
        runToCompletion(OTHER, Duration.ofSeconds(1));
        clock.set(to.plusSeconds(10));
        store.insert(List.of(job().build()));
        Job afterWindow = store.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty()).get(0);
        store.complete(afterWindow.id(), lease(afterWindow), Optional.empty(), clock.instant().plusSeconds(1));
        insert(job());
        insert(job());
        assertThat(store.find(stillRunning.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        JobStats stats = store.stats(Optional.of(QUEUE), from, to);

        assertThat(stats.queue()).contains(QUEUE);
        assertThat(stats.windowStart()).isEqualTo(from);
        assertThat(stats.windowEnd()).isEqualTo(to);
        assertThat(stats.countsByState()).containsEntry(JobState.COMPLETED, 22L).containsEntry(JobState.FAILED, 5L)
                .containsEntry(JobState.CANCELLED, 1L).containsEntry(JobState.RUNNING, 1L)
                .containsEntry(JobState.PENDING, 2L);
        assertThat(stats.finishedInWindow()).isEqualTo(26);
        assertThat(stats.completedInWindow()).isEqualTo(20);
        assertThat(stats.throughputPerSecond()).isCloseTo(20 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.meanDuration()).contains(Duration.ofMillis(10_500));
        // nearest rank: the 19th of 20 sorted run times
        assertThat(stats.p95Duration()).contains(Duration.ofSeconds(19));
        assertThat(stats.successRate()).hasValueSatisfying(r -> assertThat(r).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9)));

        JobStats everything = store.stats(Optional.empty(), from, to);
        assertThat(everything.queue()).isEmpty();
        assertThat(everything.completedInWindow()).isEqualTo(21);
        assertThat(everything.countsByState()).containsEntry(JobState.COMPLETED, 23L);
    }

    @Test
    void statsOfAnEmptyWindowHaveNoDurationsOrRate() {
        insert(job());

        JobStats stats = store.stats(Optional.of(QUEUE), T0, T0.plus(Duration.ofHours(1)));

        assertThat(stats.countsByState()).containsEntry(JobState.PENDING, 1L).containsEntry(JobState.COMPLETED, 0L);
        assertThat(stats.finishedInWindow()).isZero();
        assertThat(stats.throughputPerSecond()).isZero();
        assertThat(stats.meanDuration()).isEmpty();
        assertThat(stats.p95Duration()).isEmpty();
        assertThat(stats.successRate()).isEmpty();
    }

    // ---------------------------------------------------------------- next due, retention

    @Test
    void nextDueIsTheEarliestRunAtOfPendingJobs() {
        assertThat(store.nextDue(QUEUE)).isEmpty();
        Instant soon = T0.plus(Duration.ofMinutes(3));
        insert(job().runAt(T0.plus(Duration.ofMinutes(9))));
        insert(job().runAt(soon));
        insert(job().queue(OTHER).runAt(T0.plusSeconds(1)));

        assertThat(store.nextDue(QUEUE)).contains(soon);

        clock.set(soon);
        claimOne(QUEUE);
        assertThat(store.nextDue(QUEUE)).contains(T0.plus(Duration.ofMinutes(9)));
    }

    @Test
    void nextDueLeavesOutJobsDueWhenCreatedAndCountsRetries() {
        insert(job());
        assertThat(store.nextDue(QUEUE)).isEmpty();

        Job running = claimOne(QUEUE);
        Job retry = store.fail(running.id(), lease(running), "boom", clock.instant(), 0.5);

        assertThat(retry.state()).isEqualTo(JobState.PENDING);
        assertThat(store.nextDue(QUEUE)).contains(retry.runAt());
    }

    @Test
    void deleteFinishedBeforeRemovesOldestFinishedJobsInBatches() {
        var finished = new ArrayList<JobId>();
        for (int i = 1; i <= 5; i++) {
            clock.set(T0.plus(Duration.ofMinutes(i)));
            finished.add(runToCompletion(QUEUE, Duration.ZERO).id());
        }
        Job cancelled = store.cancel(insert(job()).id(), clock.instant());
        clock.set(T0.plus(Duration.ofMinutes(20)));
        Job recent = runToCompletion(QUEUE, Duration.ZERO);
        Job pending = insert(job());
        Instant cutoff = T0.plus(Duration.ofMinutes(10));

        assertThat(store.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(store.find(finished.get(0))).isEmpty();
        assertThat(store.find(finished.get(1))).isEmpty();
        assertThat(store.find(finished.get(2))).isPresent();
        assertThat(store.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(store.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(store.deleteFinishedBefore(cutoff, 2)).isZero();

        assertThat(store.find(cancelled.id())).isEmpty();
        assertThat(store.find(pending.id())).isPresent();
        assertThat(store.find(recent.id())).isPresent();
    }

    // ---------------------------------------------------------------- settings

    @Test
    void settingsDefaultUntilSavedThenReplace() {
        assertThat(store.settings(QUEUE)).isEqualTo(QueueSettings.defaults(QUEUE));

        QueueSettings custom = settings(QUEUE, 3, 7);
        store.saveSettings(custom);
        store.saveSettings(custom);
        assertThat(store.settings(QUEUE)).isEqualTo(custom);

        QueueSettings paused = custom.withPaused(true);
        store.saveSettings(paused);
        assertThat(store.settings(QUEUE)).isEqualTo(paused);
        assertThat(store.settings(OTHER)).isEqualTo(QueueSettings.defaults(OTHER));
    }

    @Test
    void queuesAreThoseWithSettingsOrJobsByName() {
        assertThat(store.queues()).isEmpty();
        store.saveSettings(settings(new QueueName("zeta"), 1, 1));
        insert(job().queue(new QueueName("alpha")));
        insert(job().queue(new QueueName("alpha")));

        assertThat(store.queues()).containsExactly(new QueueName("alpha"), new QueueName("zeta"));
    }

    // ---------------------------------------------------------------- helpers

    /** A new job with test defaults; change what a test is about. */
    protected JobSpec job() {
        return new JobSpec();
    }

    protected Job insert(JobSpec spec) {
        Inserted inserted = store.insert(List.of(spec.build())).get(0);
        assertThat(inserted.created()).isTrue();
        return inserted.job();
    }

    protected Job claimOne(QueueName queue) {
        List<Job> claimed = store.claim(queue, WORKER, 1, clock.instant(), Optional.empty());
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    /** Enqueues, claims and completes one job that runs for {@code runTime}, ending at now + runTime. */
    protected Job runToCompletion(QueueName queue, Duration runTime) {
        Job running = claimOne(insert(job().queue(queue)).queue());
        Instant end = clock.instant().plus(runTime);
        Job done = store.complete(running.id(), lease(running), Optional.empty(), end);
        clock.set(end);
        return done;
    }

    /** A job as an import brings it: any state, no lease, created an hour before the test starts. */
    protected Job imported(String ref, JobState state) {
        Instant created = T0.minus(Duration.ofHours(1));
        return new Job(new JobId(ids.next()), QUEUE, RENDER, JsonText.of("{}"), 0, state,
                state == JobState.PENDING ? 0 : 3, 3, created, Optional.empty(), Progress.NONE, false, Optional.empty(),
                state == JobState.FAILED ? Optional.of("gave up") : Optional.empty(), created, Optional.empty(),
                state.isTerminal() ? Optional.of(created.plusSeconds(5)) : Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(ref));
    }

    private static Job withoutRef(Job j) {
        return new Job(j.id(), j.queue(), j.type(), j.payload(), j.priority(), j.state(), j.attempts(),
                j.maxAttempts(), j.runAt(), j.lease(), j.progress(), j.cancelRequested(), j.result(), j.lastError(),
                j.createdAt(), j.startedAt(), j.finishedAt(), j.estimatedDuration(), j.dedupKey(), Optional.empty());
    }

    protected static LeaseId lease(Job job) {
        return job.lease().orElseThrow().id();
    }

    protected static QueueSettings settings(QueueName queue, int maxConcurrency, int maxAttempts) {
        return new QueueSettings(queue, false, maxConcurrency, maxAttempts, BackoffPolicy.DEFAULT, Duration.ofMinutes(1));
    }

    /** Builds {@link NewJob}s; the id and created-at come from the test's generator and clock. */
    protected final class JobSpec {
        private JobId id;
        private QueueName queue = QUEUE;
        private JobType type = RENDER;
        private int priority;
        private int maxAttempts = 3;
        private Instant runAt;
        private String dedupKey;
        private String externalRef;

        public JobSpec id(JobId value) {
            id = value;
            return this;
        }

        public JobSpec queue(QueueName value) {
            queue = value;
            return this;
        }

        public JobSpec type(JobType value) {
            type = value;
            return this;
        }

        public JobSpec priority(int value) {
            priority = value;
            return this;
        }

        public JobSpec maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public JobSpec runAt(Instant value) {
            runAt = value;
            return this;
        }

        public JobSpec dedup(String value) {
            dedupKey = value;
            return this;
        }

        public JobSpec ref(String value) {
            externalRef = value;
            return this;
        }

        public NewJob build() {
            Instant now = clock.instant();
            return new NewJob(id != null ? id : new JobId(ids.next()), queue, type, JsonText.of("{\"source\":\"a.tif\"}"),
                    priority, maxAttempts, runAt != null ? runAt : now, Optional.of(Duration.ofSeconds(30)),
                    Optional.ofNullable(dedupKey), Optional.ofNullable(externalRef), now);
        }
    }
}
