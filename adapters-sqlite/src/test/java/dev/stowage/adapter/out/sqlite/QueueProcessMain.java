package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.SqliteEngine;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A second process on the same database file, for {@link SqliteJobStoreProcessTest}:
 * {@code enqueue <db> <count>} stores jobs in small batches; {@code work <db> <total> <worker>}
 * claims and completes jobs until {@code total} jobs are completed in the database, printing the
 * id of every job it completed, one per line. Either first prints {@code READY} once the database
 * is open, and {@code DONE} at the end.
 */
public final class QueueProcessMain {
    static final QueueName QUEUE = new QueueName("shared");
    static final JobType TYPE = new JobType("noop");

    private QueueProcessMain() {
    }

    public static void main(String[] args) {
        Path file = Path.of(args[1]);
        SqliteEngine engine = new SqliteEngine(settings(file), new SimpleMeterRegistry());
        engine.start();
        // the parent waits for this line, so that both processes surely work at the same time
        System.out.println("READY");
        System.out.flush();
        try {
            var ids = new MonotonicIdGenerator(Clock.systemUTC());
            var store = new SqliteJobStore(new Db(engine), ids);
            switch (args[0]) {
                case "enqueue" -> enqueue(store, ids, Integer.parseInt(args[2]));
                case "work" -> work(store, Integer.parseInt(args[2]), new WorkerId(args[3]));
                default -> throw new IllegalArgumentException("mode must be enqueue or work, not " + args[0]);
            }
            System.out.println("DONE");
            System.out.flush();
        } finally {
            engine.stop();
        }
    }

    /** Generous lock waits: two processes take turns at the write lock for the whole run. */
    static SqliteSettings settings(Path file) {
        return new SqliteSettings(file, SqliteSettings.Synchronous.NORMAL, 2, Duration.ofSeconds(5), 8,
                Duration.ofHours(1), true);
    }

    static List<JobId> enqueue(SqliteJobStore store, MonotonicIdGenerator ids, int count) {
        List<JobId> stored = new ArrayList<>(count);
        for (int from = 0; from < count; from += 50) {
            var batch = new ArrayList<NewJob>();
            Instant now = Instant.now();
            for (int i = from; i < Math.min(count, from + 50); i++) {
                batch.add(new NewJob(new JobId(ids.next()), QUEUE, TYPE, JsonText.emptyObject(), 0, 3, now,
                        Optional.empty(), Optional.empty(), Optional.empty(), now));
            }
            store.insert(batch).forEach(inserted -> stored.add(inserted.job().id()));
        }
        return stored;
    }

    /** Claims and completes until {@code total} jobs are completed; returns the ones this worker completed. */
    static List<JobId> work(SqliteJobStore store, int total, WorkerId worker) {
        List<JobId> completed = new ArrayList<>();
        while (true) {
            List<Job> claimed = store.claim(QUEUE, worker, 8, Instant.now(), Optional.empty());
            for (Job job : claimed) {
                store.complete(job.id(), job.lease().orElseThrow().id(), Optional.empty(), Instant.now());
                completed.add(job.id());
                System.out.println(job.id());
            }
            if (claimed.isEmpty()) {
                long done = store.stats(Optional.of(QUEUE), Instant.EPOCH, Instant.now())
                        .countsByState().get(JobState.COMPLETED);
                if (done >= total) {
                    return completed;
                }
                try {
                    Thread.sleep(2);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return completed;
                }
            }
        }
    }
}
