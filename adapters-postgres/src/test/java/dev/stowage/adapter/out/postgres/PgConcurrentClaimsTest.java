package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UlidSequence;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.TestPostgres;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the contracts cannot show: many claimers on many connections, from two engines (two
 * processes' pools) on one database, at the same time. Every job is handed out exactly once, and a
 * queue's max concurrency holds across all of them.
 */
@ExtendWith(HotQueryPlans.class)
class PgConcurrentClaimsTest {
    private static final QueueName QUEUE = new QueueName("crowd");
    private static final int THREADS = 8;
    private static PgEngine first;
    private static PgEngine second;
    private PgJobStore one;
    private PgJobStore two;
    private final UlidSequence ids = new UlidSequence(Clock.systemUTC());

    @BeforeAll
    static void start() {
        TestPostgres.Database db = PgTestDatabase.migrated("concurrent_claims");
        first = new PgEngine(PgTestDatabase.settings(db));
        second = new PgEngine(PgTestDatabase.settings(db));
        first.start();
        second.start();
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
    }

    @BeforeEach
    void empty() {
        PgTestDatabase.empty(new Db(first));
        one = new PgJobStore(new Db(first), ids::next, true);
        two = new PgJobStore(new Db(second), ids::next, true);
    }

    private void enqueue(int count) {
        Instant now = Instant.now();
        List<NewJob> jobs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            jobs.add(new NewJob(new JobId(ids.next()), QUEUE, new JobType("t"), JsonText.of("{\"n\":" + i + "}"), i % 7,
                    3, now, Optional.empty(), Optional.empty(), Optional.empty(), now));
        }
        one.insert(jobs);
    }

    @Test
    void concurrentClaimersOnManyConnectionsNeverGetTheSameJob() throws Exception {
        int total = 3000;
        enqueue(total);
        one.saveSettings(new QueueSettings(QUEUE, false, QueueSettings.MAX_CONCURRENCY_LIMIT, 3, BackoffPolicy.DEFAULT,
                Duration.ofMinutes(5)));
        ConcurrentHashMap<JobId, WorkerId> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger completed = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            PgJobStore store = t % 2 == 0 ? one : two;
            WorkerId worker = new WorkerId("w" + t);
            workers.add(pool.submit(() -> {
                go.await();
                while (true) {
                    List<Job> batch = store.claim(QUEUE, worker, 25, Instant.now(), Optional.empty());
                    if (batch.isEmpty()) {
                        return null;
                    }
                    List<Completion> done = new ArrayList<>();
                    for (Job job : batch) {
                        if (claimedBy.putIfAbsent(job.id(), worker) != null) {
                            duplicates.incrementAndGet();
                        }
                        done.add(new Completion(job.id(), job.lease().orElseThrow().id(), Optional.empty()));
                    }
                    for (CompletionOutcome outcome : store.completeAll(done, Instant.now())) {
                        outcome.orThrow();
                        completed.incrementAndGet();
                    }
                }
            }));
        }
        go.countDown();
        for (Future<?> w : workers) {
            w.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(duplicates).hasValue(0);
        assertThat(claimedBy).hasSize(total);
        assertThat(completed).hasValue(total);
        assertThat(one.stats(Optional.of(QUEUE), Instant.EPOCH, Instant.now().plusSeconds(60)).completedInWindow())
                .isEqualTo(total);
        // more than one claimer took part: the claims really ran side by side
        assertThat(claimedBy.values().stream().distinct().count()).isGreaterThan(1);
    }

    @Test
    void maxConcurrencyHoldsAcrossConcurrentClaimersOfTwoEngines() throws Exception {
        enqueue(200);
        int limit = 7;
        one.saveSettings(new QueueSettings(QUEUE, false, limit, 3, BackoffPolicy.DEFAULT, Duration.ofMinutes(5)));
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<Integer>> claims = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            PgJobStore store = t % 2 == 0 ? one : two;
            WorkerId worker = new WorkerId("w" + t);
            claims.add(pool.submit(() -> {
                go.await();
                int got = 0;
                for (int round = 0; round < 5; round++) {
                    got += store.claim(QUEUE, worker, 3, Instant.now(), Optional.empty()).size();
                }
                return got;
            }));
        }
        go.countDown();
        int claimed = 0;
        for (Future<Integer> c : claims) {
            claimed += c.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(claimed).isEqualTo(limit);
        assertThat(one.stats(Optional.of(QUEUE), Instant.EPOCH, Instant.now()).countsByState())
                .containsEntry(dev.stowage.domain.queue.JobState.RUNNING, (long) limit);
    }

    @Test
    void farBelowItsLimitAQueueIsClaimedByAnotherEngineWhileAClaimIsStillOpen() throws Exception {
        enqueue(40);
        one.saveSettings(new QueueSettings(QUEUE, false, QueueSettings.MAX_CONCURRENCY_LIMIT, 3, BackoffPolicy.DEFAULT,
                Duration.ofMinutes(5)));
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Job> held = new ArrayList<>();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Future<?> open = pool.submit(() -> new Db(first).writeJdbc(c -> {
            // the claim's transaction stays open, its locks held, until the other engine has claimed
            held.addAll(one.claim(QUEUE, new WorkerId("holder"), 10, Instant.now(), Optional.empty()));
            claimed.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        claimed.await(5, TimeUnit.MINUTES);
        // taking turns would wait for the open claim to commit; a lane does not
        List<Job> other = two.claim(QUEUE, new WorkerId("other"), 10, Instant.now(), Optional.empty());
        release.countDown();
        open.get(5, TimeUnit.MINUTES);
        pool.shutdown();
        assertThat(held).hasSize(10);
        assertThat(other).hasSize(10);
        assertThat(other).extracting(Job::id).doesNotContainAnyElementsOf(held.stream().map(Job::id).toList());
    }

    @Test
    void aLimitJustAboveWhatTheLanesMayHoldIsNeverExceededAcrossTwoEngines() throws Exception {
        int limit = PgJobStore.CLAIM_LANES * PgJobStore.CLAIM_LANE_JOBS + 50;
        enqueue(limit + 300);
        one.saveSettings(new QueueSettings(QUEUE, false, limit, 3, BackoffPolicy.DEFAULT, Duration.ofMinutes(5)));
        ConcurrentHashMap<JobId, WorkerId> claimedBy = new ConcurrentHashMap<>();
        AtomicInteger duplicates = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> claims = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            PgJobStore store = t % 2 == 0 ? one : two;
            WorkerId worker = new WorkerId("w" + t);
            claims.add(pool.submit(() -> {
                go.await();
                // claims without completing: first in lanes, then, near the limit, taking turns
                while (true) {
                    List<Job> batch = store.claim(QUEUE, worker, 100, Instant.now(), Optional.empty());
                    if (batch.isEmpty()) {
                        return null;
                    }
                    for (Job job : batch) {
                        if (claimedBy.putIfAbsent(job.id(), worker) != null) {
                            duplicates.incrementAndGet();
                        }
                    }
                }
            }));
        }
        go.countDown();
        for (Future<?> c : claims) {
            c.get(5, TimeUnit.MINUTES);
        }
        pool.shutdown();
        assertThat(duplicates).hasValue(0);
        assertThat(claimedBy).hasSize(limit);
        assertThat(one.stats(Optional.of(QUEUE), Instant.EPOCH, Instant.now()).countsByState())
                .containsEntry(dev.stowage.domain.queue.JobState.RUNNING, (long) limit)
                .containsEntry(dev.stowage.domain.queue.JobState.PENDING, 300L);
    }
}
