package dev.stowage.testing.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.queue.QueueCounts;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The jobs-by-state counts behind the queue gauges, read through the store ports. */
class QueueCountsTest {
    private static final QueueName MEDIA = new QueueName("media");
    private static final JobType RENDER = new JobType("render");

    private final QueueFixture f = new QueueFixture();
    private final List<Map<QueueName, Map<JobState, Long>>> reports = new ArrayList<>();
    private final List<String> storeCalls = new ArrayList<>();
    private final QueueCounts counts = new QueueCounts(counting(f.store), new QueueMetrics() {
        @Override
        public void jobCounts(Map<QueueName, Map<JobState, Long>> byQueue) {
            reports.add(byQueue);
        }
    }, Duration.ofHours(1));

    @Test
    void reportsEveryQueueWithJobsByStateAndLeavesOutQueuesWithNone() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            f.enqueue.enqueue(EnqueueCommand.of(MEDIA, RENDER, JsonText.emptyObject()));
        }
        f.work.claim(MEDIA, new WorkerId("w"), 1, Optional.empty(), Duration.ZERO);
        f.store.saveSettings(QueueSettings.defaults(new QueueName("idle")));

        counts.report();
        assertThat(reports).singleElement().satisfies(report -> {
            assertThat(report).containsOnlyKeys(MEDIA);
            assertThat(report.get(MEDIA)).containsEntry(JobState.PENDING, 2L).containsEntry(JobState.RUNNING, 1L)
                    .containsEntry(JobState.COMPLETED, 0L).containsOnlyKeys(JobState.values());
        });

        f.work.claim(MEDIA, new WorkerId("w"), 5, Optional.empty(), Duration.ZERO);
        counts.report();
        assertThat(reports.get(1).get(MEDIA)).containsEntry(JobState.PENDING, 0L).containsEntry(JobState.RUNNING, 3L);
    }

    @Test
    void oneReportIsOneCountOfEveryQueueWhateverTheirNumber() {
        for (int i = 0; i < 20; i++) {
            f.enqueue.enqueue(EnqueueCommand.of(new QueueName("q" + i), RENDER, JsonText.emptyObject()));
        }
        counts.report();
        assertThat(reports).singleElement().satisfies(report -> assertThat(report).hasSize(20));
        // the counts by queue, not a figures query per queue
        assertThat(storeCalls).containsExactly("countsByQueue");
    }

    @Test
    void aReportThatCountedEarlierNeverLandsAfterOneThatCountedLater() throws Exception {
        // the timer's report counts before the jobs are stored and is slow to finish; a caller's report counts
        // after: the caller's figures must be the ones that stand
        var counting = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        var slowFirst = new java.util.concurrent.atomic.AtomicBoolean(true);
        JobManageStore store = (JobManageStore) Proxy.newProxyInstance(JobManageStore.class.getClassLoader(),
                new Class<?>[] {JobManageStore.class}, (proxy, method, args) -> {
                    Object result;
                    try {
                        result = method.invoke(f.store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("countsByQueue") && slowFirst.getAndSet(false)) {
                        counting.countDown();
                        release.await();
                    }
                    return result;
                });
        var published = Collections.synchronizedList(new ArrayList<Map<QueueName, Map<JobState, Long>>>());
        var twoReports = new QueueCounts(store, new QueueMetrics() {
            @Override
            public void jobCounts(Map<QueueName, Map<JobState, Long>> byQueue) {
                published.add(byQueue);
            }
        }, Duration.ofHours(1));

        Thread timer = new Thread(twoReports::report, "timer-report");
        timer.start();
        counting.await();
        for (int i = 0; i < 2; i++) {
            f.enqueue.enqueue(EnqueueCommand.of(MEDIA, RENDER, JsonText.emptyObject()));
        }
        Thread caller = new Thread(twoReports::report, "caller-report");
        caller.start();
        // the caller's report waits for the timer's, or (were reports not one at a time) has already been made
        while (caller.isAlive() && caller.getState() != Thread.State.BLOCKED) {
            Thread.onSpinWait();
        }
        release.countDown();
        timer.join();
        caller.join();

        assertThat(published).hasSize(2);
        assertThat(published.get(0)).isEmpty();
        assertThat(published.get(1).get(MEDIA)).containsEntry(JobState.PENDING, 2L);
    }

    /** The store, noting which of its methods are called. */
    private JobManageStore counting(JobManageStore store) {
        return (JobManageStore) Proxy.newProxyInstance(JobManageStore.class.getClassLoader(),
                new Class<?>[] {JobManageStore.class}, (proxy, method, args) -> {
                    storeCalls.add(method.getName());
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
