package dev.stowage.bootstrap.e2e.queue;

import static dev.stowage.bootstrap.e2e.queue.QueueE2e.QUEUE;
import static dev.stowage.bootstrap.e2e.queue.QueueE2e.WORK;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker process is killed with SIGKILL at random moments, round after round, while it runs jobs
 * on a one-second lease; a last worker then recovers the expired leases and drains the queue. No job
 * is lost, none is acknowledged complete twice, no two executions of a job overlap, and the database
 * passes SQLite's integrity check.
 */
class KillNineE2eTest {
    static final int JOBS = 3_000;
    static final int ROUNDS = 20;
    /** SIGKILL's exit status as the JVM reports it: 128 + 9. */
    static final int KILLED = 137;

    @TempDir
    Path dir;

    @Test
    void killedWorkersLoseNoJobAndCompleteNoneTwice() throws Exception {
        long started = System.nanoTime();
        Path data = dir.resolve("data");
        Set<String> enqueued = new HashSet<>();
        try (Stowage s = Stowage.tools(QueueE2e.config(data))) {
            s.start();
            s.instance(AdministerQueuesUseCase.class).updateSettings(new QueueSettings(QUEUE, false, 8, 100,
                    new BackoffPolicy(Duration.ofMillis(10), 2.0, Duration.ofMillis(100), 0.1), Duration.ofSeconds(1)));
            var enqueue = s.instance(EnqueueJobsUseCase.class);
            var batch = new ArrayList<EnqueueCommand>();
            for (int i = 0; i < JOBS; i++) {
                batch.add(EnqueueCommand.of(QUEUE, WORK, JsonText.of("{\"n\":" + i + "}")));
                if (batch.size() == 500) {
                    enqueue.enqueueBatch(batch).forEach(inserted -> enqueued.add(inserted.job().id().value()));
                    batch.clear();
                }
            }
        }

        Random random = new Random(7);
        List<Path> ackFiles = new ArrayList<>();
        Map<Path, Long> intervalFiles = new LinkedHashMap<>();
        int kills = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Path acks = dir.resolve("round-" + round + ".acks");
            Path intervals = dir.resolve("round-" + round + ".intervals");
            var child = new QueueE2e.Child(QueueWorkerProcess.class, List.of("-Xmx192m", "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC"), data.toString(), acks.toString(), intervals.toString(), "round-" + round, "20",
                    "forever");
            assertThat(child.working.await(60, TimeUnit.SECONDS)).as("round %d started:\n%s", round, child.output())
                    .isTrue();
            Thread.sleep(100 + random.nextInt(701));
            child.process.destroyForcibly(); // SIGKILL on Linux: checked by the exit status below
            assertThat(child.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            // every execution of this process ended by now at the latest
            long killedAt = QueueE2e.nowMicros();
            assertThat(child.process.exitValue()).as("round %d was killed by SIGKILL", round).isEqualTo(KILLED);
            kills++;
            ackFiles.add(acks);
            intervalFiles.put(intervals, killedAt);
        }

        Path acks = dir.resolve("final.acks");
        Path intervals = dir.resolve("final.intervals");
        var last = new QueueE2e.Child(QueueWorkerProcess.class, List.of("-Xmx256m"), data.toString(), acks.toString(),
                intervals.toString(), "final", "0", "drain");
        assertThat(last.process.waitFor(60, TimeUnit.SECONDS)).as("final worker drained:\n%s", last.output()).isTrue();
        assertThat(last.process.exitValue()).as("final worker:\n%s", last.output()).isZero();
        ackFiles.add(acks);
        intervalFiles.put(intervals, Long.MIN_VALUE);

        List<String> acked = QueueE2e.lines(ackFiles);
        List<QueueE2e.Execution> executions = QueueE2e.executions(intervalFiles);
        try (Stowage s = Stowage.tools(QueueE2e.config(data))) {
            s.start();
            var counts = s.instance(ManageJobsUseCase.class).stats(Optional.of(QUEUE), Duration.ofDays(1)).countsByState();
            System.out.printf("kill -9: %d rounds, %d kills, %d jobs, %d acknowledged before a kill could lose the "
                    + "acknowledgement, %d executions, counts %s, %.1f s%n", ROUNDS, kills, JOBS, acked.size(),
                    executions.size(), counts, (System.nanoTime() - started) / 1e9);
            assertThat(counts.values().stream().mapToLong(Long::longValue).sum()).as("no job lost").isEqualTo(JOBS);
            assertThat(counts.get(JobState.COMPLETED)).as("all completed").isEqualTo(JOBS);
        }
        assertThat(acked).as("no completion acknowledged twice").doesNotHaveDuplicates();
        assertThat(enqueued).containsAll(acked);
        assertThat(QueueE2e.overlaps(executions)).as("executions of one job never overlap").isEmpty();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stowage.db"));
             Statement st = c.createStatement();
             ResultSet r = st.executeQuery("PRAGMA integrity_check")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getString(1)).isEqualTo("ok");
        }
        assertThat(kills).isGreaterThanOrEqualTo(20);
    }
}
