package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.time.Clock;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Claims racing on one queue through the engine's group commit, where many claims share one
 * transaction: each job is handed out once and completed once. Also prints (never asserts) what
 * one job costs on each statement of its way through the queue.
 */
class SqliteJobStoreContentionTest {
    static final QueueName QUEUE = new QueueName("busy");
    static final JobType NOOP = new JobType("noop");

    @TempDir
    Path dir;

    @Test
    void eightThreadsClaimTwoThousandJobsEachExactlyOnce() throws Exception {
        try (TestEngine test = TestEngine.started(dir)) {
            var ids = new MonotonicIdGenerator(Clock.systemUTC());
            var store = new SqliteJobStore(test.db, ids);
            store.saveSettings(new QueueSettings(QUEUE, false, QueueSettings.MAX_CONCURRENCY_LIMIT, 3,
                    BackoffPolicy.DEFAULT, Duration.ofMinutes(5)));
            List<JobId> enqueued = enqueue(store, ids, 2_000);
            var claimed = new ConcurrentLinkedQueue<Job>();
            var claims = new ConcurrentLinkedQueue<List<Job>>();
            var go = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                var futures = new ArrayList<Future<?>>();
                for (int t = 0; t < 8; t++) {
                    WorkerId worker = new WorkerId("worker-" + t);
                    int batch = 1 + t % 4;
                    futures.add(pool.submit(() -> {
                        go.await();
                        while (true) {
                            List<Job> got = store.claim(QUEUE, worker, batch, Instant.now(), Optional.empty());
                            if (got.isEmpty()) {
                                return null;
                            }
                            for (Job job : got) {
                                store.complete(job.id(), job.lease().orElseThrow().id(), Optional.empty(), Instant.now());
                            }
                            claimed.addAll(got);
                            claims.add(got);
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

            assertThat(claimed).extracting(Job::id).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(enqueued);
            // one lease id per claim, shared by that claim's jobs, and never by two claims
            assertThat(claims).allSatisfy(got -> assertThat(got).extracting(j -> j.lease().orElseThrow().id())
                    .containsOnly(got.get(0).lease().orElseThrow().id()));
            assertThat(claims).extracting(got -> got.get(0).lease().orElseThrow().id()).doesNotHaveDuplicates();
            assertThat(claimed).allSatisfy(j -> assertThat(j.attempts()).isEqualTo(1));
            assertThat(store.stats(Optional.of(QUEUE), Instant.EPOCH, Instant.now()).countsByState())
                    .containsEntry(JobState.COMPLETED, 2_000L).containsEntry(JobState.RUNNING, 0L);
        }
    }

    @Test
    void printsWhatEachStatementCostsPerJob() {
        try (TestEngine test = TestEngine.started(dir)) {
            var ids = new MonotonicIdGenerator(Clock.systemUTC());
            var store = new SqliteJobStore(test.db, ids);
            store.saveSettings(new QueueSettings(QUEUE, false, QueueSettings.MAX_CONCURRENCY_LIMIT, 3,
                    BackoffPolicy.DEFAULT, Duration.ofMinutes(5)));
            // below the queue's concurrency limit, so that every job can be running at once
            int jobs = 8_000;
            for (int round = 0; round < 2; round++) {
                // the first round warms up the JIT and the statement caches; the second is printed
                long t0 = System.nanoTime();
                enqueue(store, ids, jobs);
                long t1 = System.nanoTime();
                List<Job> running = new ArrayList<>(jobs);
                while (running.size() < jobs) {
                    running.addAll(store.claim(QUEUE, new WorkerId("w"), 100, Instant.now(), Optional.empty()));
                }
                long t2 = System.nanoTime();
                // one at a time from one thread, each its own write transaction: the worst case
                for (Job job : running.subList(0, 2_000)) {
                    store.complete(job.id(), job.lease().orElseThrow().id(), Optional.empty(), Instant.now());
                }
                long t3 = System.nanoTime();
                // all in one transaction, as when group commit batches them: through the store (with its
                // savepoint per call and the returned row mapped to a Job) ...
                int half = 2_000 + (jobs - 2_000) / 2;
                test.engine.write(() -> {
                    for (Job job : running.subList(2_000, half)) {
                        store.complete(job.id(), job.lease().orElseThrow().id(), Optional.empty(), Instant.now());
                    }
                    return null;
                });
                long t4 = System.nanoTime();
                // ... and the baseline: the same prepared statement on the raw connection, rows not mapped
                test.db.writeSession(session -> {
                    for (Job job : running.subList(half, jobs)) {
                        try (ResultSet rows = JobStatements.COMPLETE.on(session).set("id", job.id().value())
                                .set("lease", job.lease().orElseThrow().id().value()).set("result", null)
                                .set("now", EpochTime.micros(Instant.now())).query()) {
                            rows.next();
                        }
                    }
                    return null;
                });
                long t5 = System.nanoTime();
                // the worker runtime's way: claims and completeAll in groups of 64, one transaction each
                enqueue(store, ids, jobs);
                long t6 = System.nanoTime();
                int completedInGroups = 0;
                while (true) {
                    List<Job> group = store.claim(QUEUE, new WorkerId("w"), 64, Instant.now(), Optional.empty());
                    if (group.isEmpty()) {
                        break;
                    }
                    store.completeAll(group.stream().map(j -> new Completion(j.id(), j.lease().orElseThrow().id(),
                            Optional.<JsonText>empty())).toList(), Instant.now());
                    completedInGroups += group.size();
                }
                long t7 = System.nanoTime();
                if (round == 1) {
                    System.out.printf("queue statement cost per job (us): insert in batches of 500 %.1f, claim in "
                                    + "batches of 100 %.1f, complete alone %.1f, complete inside one transaction %.1f, "
                                    + "raw complete statement inside one transaction %.1f, insert + claim 64 + "
                                    + "completeAll 64 %.1f%n",
                            (t1 - t0) / 1e3 / jobs, (t2 - t1) / 1e3 / jobs, (t3 - t2) / 1e3 / 2_000,
                            (t4 - t3) / 1e3 / (half - 2_000), (t5 - t4) / 1e3 / (jobs - half),
                            (t7 - t5) / 1e3 / completedInGroups);
                }
            }
        }
    }

    private static List<JobId> enqueue(SqliteJobStore store, MonotonicIdGenerator ids, int count) {
        List<JobId> out = new ArrayList<>(count);
        for (int from = 0; from < count; from += 500) {
            var batch = new ArrayList<NewJob>();
            Instant now = Instant.now();
            for (int i = from; i < Math.min(count, from + 500); i++) {
                batch.add(new NewJob(new JobId(ids.next()), QUEUE, NOOP, JsonText.emptyObject(), 0, 3, now,
                        Optional.empty(), Optional.empty(), Optional.empty(), now));
            }
            store.insert(batch).forEach(inserted -> out.add(inserted.job().id()));
        }
        return out;
    }
}
