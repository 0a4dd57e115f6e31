package dev.stowage.bootstrap.e2e.queue;

import static dev.stowage.bootstrap.e2e.queue.QueueE2e.QUEUE;
import static dev.stowage.bootstrap.e2e.queue.QueueE2e.WORK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight worker threads here and a worker runtime in a second JVM drain one queue of 20,000 jobs in
 * the same SQLite file: every job completes, each completion is acknowledged exactly once across
 * both processes, and no two executions of a job ever overlap in time.
 */
class TwoProcessDrainE2eTest {
    static final int JOBS = 20_000;
    static final int THREADS = 8;

    @TempDir
    Path dir;

    @Test
    void eightThreadsAndASecondProcessCompleteEveryJobExactlyOnce() throws Exception {
        Path data = dir.resolve("data");
        Path childAcks = dir.resolve("child.acks");
        Path childIntervals = dir.resolve("child.intervals");
        Path ourAcks = dir.resolve("parent.acks");
        Path ourIntervals = dir.resolve("parent.intervals");
        long started = System.nanoTime();
        try (Stowage s = Stowage.tools(QueueE2e.config(data));
             var acks = new QueueE2e.LineLog(ourAcks);
             var intervals = new QueueE2e.LineLog(ourIntervals)) {
            s.start();
            // a lease far longer than any job: nothing may run twice here, so any overlap is a bug
            s.instance(AdministerQueuesUseCase.class).updateSettings(new QueueSettings(QUEUE, false, 64, 3,
                    BackoffPolicy.DEFAULT, Duration.ofMinutes(5)));
            var enqueue = s.instance(EnqueueJobsUseCase.class);
            var batch = new ArrayList<EnqueueCommand>();
            Set<String> enqueued = new HashSet<>();
            for (int i = 0; i < JOBS; i++) {
                batch.add(EnqueueCommand.of(QUEUE, WORK, JsonText.of("{\"n\":" + i + "}")));
                if (batch.size() == 1_000) {
                    enqueue.enqueueBatch(batch).forEach(inserted -> enqueued.add(inserted.job().id().value()));
                    batch.clear();
                }
            }

            var child = new QueueE2e.Child(QueueWorkerProcess.class, List.of("-Xmx256m"), data.toString(),
                    childAcks.toString(), childIntervals.toString(), "child", "0", "drain");
            assertThat(child.working.await(60, TimeUnit.SECONDS)).as("child started:\n%s", child.output()).isTrue();

            var work = s.instance(WorkJobsUseCase.class);
            var manage = s.instance(ManageJobsUseCase.class);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<Integer>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                WorkerId worker = new WorkerId("parent-" + t);
                boolean together = t % 2 == 1; // half report with completeAll, half one by one
                done.add(pool.submit(() -> drain(work, manage, worker, together, acks, intervals)));
            }
            int ours = 0;
            for (Future<Integer> f : done) {
                ours += f.get(2, TimeUnit.MINUTES);
            }
            pool.shutdown();
            assertThat(child.process.waitFor(60, TimeUnit.SECONDS)).as("child drained and exited").isTrue();
            assertThat(child.process.exitValue()).as("child exit:\n%s", child.output()).isZero();

            List<String> ackedByChild = QueueE2e.lines(List.of(childAcks));
            List<String> acked = QueueE2e.lines(List.of(ourAcks, childAcks));
            System.out.printf("two-process drain: %d jobs, %d completed here by %d threads, %d by the second "
                    + "process, %.1f s%n", JOBS, ours, THREADS, ackedByChild.size(), (System.nanoTime() - started) / 1e9);
            assertThat(ours).isPositive();
            assertThat(ackedByChild).isNotEmpty();
            assertThat(acked).hasSize(JOBS).doesNotHaveDuplicates();
            var counts = manage.stats(Optional.of(QUEUE), Duration.ofDays(1)).countsByState();
            assertThat(counts.get(JobState.COMPLETED)).isEqualTo(JOBS);
            assertThat(new HashSet<>(acked)).isEqualTo(enqueued);
            // nobody was killed: every execution has its end
            var executions = QueueE2e.executions(Map.of(ourIntervals, Long.MIN_VALUE, childIntervals, Long.MIN_VALUE));
            assertThat(executions).hasSize(JOBS);
            assertThat(QueueE2e.overlaps(executions)).isEmpty();
        }
    }

    private static int drain(WorkJobsUseCase work, ManageJobsUseCase manage, WorkerId worker, boolean together,
                             QueueE2e.LineLog acks, QueueE2e.LineLog intervals) throws InterruptedException {
        int completed = 0;
        while (true) {
            List<Job> claimed = work.claim(QUEUE, worker, 16, Optional.empty(), Duration.ofMillis(50));
            if (claimed.isEmpty()) {
                if (QueueE2e.drained(manage)) {
                    return completed;
                }
                continue;
            }
            List<Completion> completions = new ArrayList<>();
            for (Job job : claimed) {
                String id = job.id() + " " + job.lease().orElseThrow().id();
                intervals.append("S " + id + " " + QueueE2e.nowMicros());
                intervals.append("E " + id + " " + QueueE2e.nowMicros());
                completions.add(new Completion(job.id(), job.lease().orElseThrow().id(), Optional.empty()));
            }
            if (together) {
                for (CompletionOutcome o : work.completeAll(completions)) {
                    o.orThrow();
                    acks.append(o.job().value());
                    completed++;
                }
            } else {
                for (Completion c : completions) {
                    work.complete(c.job(), c.lease(), c.result());
                    acks.append(c.job().value());
                    completed++;
                }
            }
        }
    }
}
