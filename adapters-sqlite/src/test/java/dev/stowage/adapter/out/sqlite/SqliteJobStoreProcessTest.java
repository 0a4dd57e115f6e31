package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.SqliteEngine;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.WorkerId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes on one database file: a real second JVM ({@link QueueProcessMain}) and this one
 * enqueue and work the same queue at the same time, taking turns at the write lock (busy waits and
 * retries). Every job must complete exactly once.
 */
class SqliteJobStoreProcessTest {
    static final int JOBS = 2_000;

    @TempDir
    Path dir;

    @Test
    void jobsEnqueuedHereAndWorkedByBothProcessesCompleteExactlyOnce() throws Exception {
        Path file = dir.resolve("stowage.db");
        SqliteEngine engine = new SqliteEngine(QueueProcessMain.settings(file), new SimpleMeterRegistry());
        engine.start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var ids = new MonotonicIdGenerator(Clock.systemUTC());
            var store = new SqliteJobStore(new Db(engine), ids);
            Process other = start("work", file.toString(), Integer.toString(JOBS), "other-process");
            CompletableFuture<List<String>> otherOutput = output(other);

            Future<List<JobId>> enqueued = pool.submit(() -> QueueProcessMain.enqueue(store, ids, JOBS));
            Future<List<JobId>> workedHere = pool.submit(() -> QueueProcessMain.work(store, JOBS, new WorkerId("this-process")));

            assertThat(other.waitFor(3, TimeUnit.MINUTES)).as("the other process finished").isTrue();
            List<String> lines = otherOutput.get(1, TimeUnit.MINUTES);
            assertThat(other.exitValue()).as("exit code; stderr %s", stderr()).isZero();
            assertThat(lines).last().isEqualTo("DONE");
            List<JobId> workedThere = lines.subList(0, lines.size() - 1).stream().map(JobId::new).toList();

            List<JobId> here = workedHere.get(1, TimeUnit.MINUTES);
            System.out.printf("two processes: %d jobs completed here, %d in the other process%n", here.size(),
                    workedThere.size());
            assertCompletedExactlyOnce(store, enqueued.get(1, TimeUnit.MINUTES), here, workedThere);
        } finally {
            pool.shutdownNow();
            engine.stop();
        }
    }

    @Test
    void jobsEnqueuedByTheOtherProcessAreWorkedHereExactlyOnce() throws Exception {
        Path file = dir.resolve("stowage.db");
        SqliteEngine engine = new SqliteEngine(QueueProcessMain.settings(file), new SimpleMeterRegistry());
        engine.start();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            var store = new SqliteJobStore(new Db(engine), new MonotonicIdGenerator(Clock.systemUTC()));
            Process other = start("enqueue", file.toString(), Integer.toString(JOBS));
            CompletableFuture<List<String>> otherOutput = output(other);

            List<Future<List<JobId>>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                WorkerId worker = new WorkerId("worker-" + w);
                workers.add(pool.submit(() -> QueueProcessMain.work(store, JOBS, worker)));
            }

            assertThat(other.waitFor(3, TimeUnit.MINUTES)).as("the other process finished").isTrue();
            assertThat(otherOutput.get(1, TimeUnit.MINUTES)).containsExactly("DONE");
            assertThat(other.exitValue()).as("exit code; stderr %s", stderr()).isZero();
            assertCompletedExactlyOnce(store, allIds(store), workers.get(0).get(1, TimeUnit.MINUTES),
                    workers.get(1).get(1, TimeUnit.MINUTES));
        } finally {
            pool.shutdownNow();
            engine.stop();
        }
    }

    private String stderr() throws IOException {
        return java.nio.file.Files.readString(dir.resolve("other.err"));
    }

    private static List<JobId> allIds(SqliteJobStore store) {
        var ids = new ArrayList<JobId>();
        var page = store.list(JobFilter.queue(QueueProcessMain.QUEUE), PageRequest.first(1000));
        while (true) {
            page.items().forEach(j -> ids.add(j.id()));
            if (page.next().isEmpty()) {
                return ids;
            }
            page = store.list(JobFilter.queue(QueueProcessMain.QUEUE),
                    PageRequest.after(page.next().get(), 1000));
        }
    }

    private static void assertCompletedExactlyOnce(SqliteJobStore store, List<JobId> enqueued, List<JobId> byOne,
                                                   List<JobId> byOther) {
        assertThat(enqueued).hasSize(JOBS).doesNotHaveDuplicates();
        Set<JobId> one = new HashSet<>(byOne);
        assertThat(byOne).doesNotHaveDuplicates();
        assertThat(byOther).doesNotHaveDuplicates().noneMatch(one::contains);
        var together = new ArrayList<>(byOne);
        together.addAll(byOther);
        assertThat(together).containsExactlyInAnyOrderElementsOf(enqueued);
        assertThat(store.stats(Optional.of(QueueProcessMain.QUEUE), Instant.EPOCH, Instant.now()).countsByState())
                .containsEntry(JobState.COMPLETED, (long) JOBS).containsEntry(JobState.PENDING, 0L)
                .containsEntry(JobState.RUNNING, 0L);
    }

    /** The other JVM; its stdout is the protocol, its stderr (logging) goes to a file for failures. */
    private Process start(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                QueueProcessMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(dir.resolve("other.err").toFile()).start();
    }

    /** Waits for the other process to say READY, then collects the rest of what it prints. */
    private CompletableFuture<List<String>> output(Process process) throws IOException {
        var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String first = reader.readLine();
        assertThat(first).as("first line of the other process; stderr %s", stderr()).isEqualTo("READY");
        return CompletableFuture.supplyAsync(() -> {
            try (reader) {
                return reader.lines().toList();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }
}
