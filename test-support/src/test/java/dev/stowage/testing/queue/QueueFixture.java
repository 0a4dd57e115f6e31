package dev.stowage.testing.queue;

import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.queue.AdministerQueuesService;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.ManageJobsService;
import dev.stowage.application.service.queue.ManageTemplatesService;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.InMemoryTransactions;
import dev.stowage.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/** The queue services wired over the in-memory stores, as bootstrap would wire them over SQLite. */
final class QueueFixture {
    static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    /** Generous: only a broken runtime waits this long. Tests never assert on how long things took. */
    static final Duration PATIENCE = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(T0);
    final MonotonicIdGenerator ids = new MonotonicIdGenerator(clock, new SplittableRandom(3));
    final InMemoryJobStore store = new InMemoryJobStore(ids);
    final InMemoryJobTemplates templates = new InMemoryJobTemplates();
    final InMemoryTransactions tx = new InMemoryTransactions();
    final WorkSignal signal = new WorkSignal();
    final EnqueueJobsService enqueue;
    final WorkJobsService work;
    final ManageJobsService manage;
    final AdministerQueuesService admin;
    final ManageTemplatesService templateService;

    /** @param jitter every backoff jitter sample comes from here; {@code () -> 0L} makes backoff exact */
    QueueFixture(RandomGenerator jitter, Duration fallbackPoll) {
        enqueue = new EnqueueJobsService(store, store, templates, tx, ids, signal, QueueMetrics.NONE, clock);
        work = new WorkJobsService(store, signal, QueueMetrics.NONE, clock, jitter, fallbackPoll);
        manage = new ManageJobsService(store, signal, clock);
        admin = new AdministerQueuesService(store, tx, signal, clock);
        templateService = new ManageTemplatesService(templates, clock);
    }

    QueueFixture() {
        this(() -> 0L, WorkJobsService.DEFAULT_FALLBACK_POLL);
    }

    /** Waits (up to {@link #PATIENCE}) until the job satisfies {@code done}, and returns it then. */
    Job awaitJob(JobId id, Predicate<Job> done) throws InterruptedException {
        return awaitValue(() -> store.find(id).filter(done).orElse(null), "job " + id);
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        awaitValue(() -> condition.getAsBoolean() ? Boolean.TRUE : null, what);
    }

    static <T> T awaitValue(Supplier<T> probe, String what) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up waiting for " + what);
            }
            Thread.sleep(5);
        }
    }
}
