package dev.stowage.application.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The job threads' queue under a real executor: threads are reused when idle, added when all are busy. */
class IdleFirstQueueTest {
    private static final long PATIENCE_SECONDS = 30;

    private static ThreadPoolExecutor pool(long keepAliveMillis) {
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, keepAliveMillis, TimeUnit.MILLISECONDS, new IdleFirstQueue());
    }

    @Test
    void jobsOneAfterAnotherReuseTheIdleThread() throws Exception {
        ThreadPoolExecutor pool = pool(60_000);
        try {
            Set<Thread> used = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                var done = new CountDownLatch(1);
                pool.execute(() -> {
                    used.add(Thread.currentThread());
                    done.countDown();
                });
                assertThat(done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
                // the job is done; wait until its thread is back in the queue before the next one
                awaitIdle(pool, 1);
            }
            assertThat(used).hasSize(1);
            assertThat(pool.getLargestPoolSize()).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void blockingJobsEachGetAThreadEvenWhenSomeAreIdle() throws Exception {
        ThreadPoolExecutor pool = pool(60_000);
        try {
            // two idle threads to start with
            var warm = new CountDownLatch(2);
            var hold = new CountDownLatch(1);
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    warm.countDown();
                    await(hold);
                });
            }
            assertThat(warm.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            hold.countDown();
            awaitIdle(pool, 2);

            // ten jobs that each wait for all ten to run at once: they finish only with ten threads
            var allRunning = new CountDownLatch(10);
            var finished = new CountDownLatch(10);
            for (int i = 0; i < 10; i++) {
                pool.execute(() -> {
                    allRunning.countDown();
                    await(allRunning);
                    finished.countDown();
                });
            }
            assertThat(finished.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            assertThat(pool.getLargestPoolSize()).isEqualTo(10);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aJobOfferedWhileIdleThreadsTimeOutStillGetsAThreadOfItsOwn() throws Exception {
        // idle threads leave after 1 ms, so offers keep racing with idle threads on their way out; each
        // round's two jobs wait for each other, so a job queued for a thread that left instead of taking
        // it would leave its partner waiting (and the round would fail)
        ThreadPoolExecutor pool = pool(1);
        try {
            var ran = new AtomicInteger();
            for (int round = 0; round < 1_000; round++) {
                var both = new CountDownLatch(2);
                var done = new CountDownLatch(2);
                for (int i = 0; i < 2; i++) {
                    pool.execute(() -> {
                        both.countDown();
                        try {
                            if (both.await(5, TimeUnit.SECONDS)) {
                                ran.incrementAndGet();
                            }
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        done.countDown();
                    });
                }
                assertThat(done.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
                assertThat(ran.get()).as("round %d: both jobs ran side by side", round).isEqualTo(2 * (round + 1));
                Thread.sleep(round % 3); // 0-2 ms: about as long as an idle thread stays
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aThreadLeftInterruptedByItsJobIsCountedIdleOnce() throws Exception {
        ThreadPoolExecutor pool = pool(60_000);
        try {
            var flagged = new CountDownLatch(1);
            pool.execute(() -> {
                Thread.currentThread().interrupt(); // the job leaves its thread's interrupt flag set
                flagged.countDown();
            });
            assertThat(flagged.await(PATIENCE_SECONDS, TimeUnit.SECONDS)).isTrue();
            awaitIdle(pool, 1);

            // two jobs that wait for each other: they finish only on two threads at once
            var both = new CountDownLatch(2);
            var sideBySide = new AtomicInteger();
            var done = new CountDownLatch(2);
            for (int i = 0; i < 2; i++) {
                pool.execute(() -> {
                    both.countDown();
                    try {
                        if (both.await(PATIENCE_SECONDS, TimeUnit.SECONDS)) {
                            sideBySide.incrementAndGet();
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    done.countDown();
                });
            }
            assertThat(done.await(PATIENCE_SECONDS * 2, TimeUnit.SECONDS)).isTrue();
            assertThat(sideBySide.get()).isEqualTo(2);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void awaitIdle(ThreadPoolExecutor pool, int threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PATIENCE_SECONDS);
        // idle means waiting in the queue's poll, not just done with a job
        var queue = (IdleFirstQueue) pool.getQueue();
        while (queue.unpromisedIdleThreads() != threads || pool.getPoolSize() != threads) {
            assertThat(System.nanoTime()).as("threads to become idle").isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(PATIENCE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
