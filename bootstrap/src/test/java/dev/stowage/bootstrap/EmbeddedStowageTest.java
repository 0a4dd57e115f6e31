package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.service.queue.QueueCounts;
import dev.stowage.application.worker.WorkerOptions;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.InvalidConfigException;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stowage as an application embeds it: built from code, one folder, in-process workers. */
class EmbeddedStowageTest {
    static final QueueName RENDERS = new QueueName("renders");
    static final JobType RENDER = new JobType("render");

    @TempDir
    Path dir;

    @Test
    void anEmbeddedInstanceRunsJobsAndKeepsDocumentsInOneFolder() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir).build()) {
            stowage.start();
            var workers = stowage.workers("embedded-1");
            workers.register(RENDERS, RENDER, ctx -> {
                ctx.progress(50, "half way");
                return Optional.of(JsonText.of("{\"echo\":" + ctx.payload().json() + "}"));
            });
            workers.start();
            Job job = stowage.instance(EnqueueJobsUseCase.class)
                    .enqueue(EnqueueCommand.of(RENDERS, RENDER, JsonText.of("{\"file\":\"a.stl\"}"))).job();
            Job done = awaitState(stowage.instance(ManageJobsUseCase.class), job, JobState.COMPLETED);
            assertThat(done.result()).contains(JsonText.of("{\"echo\":{\"file\":\"a.stl\"}}"));

            var ana = Actor.user(new UserId("ana"));
            var doc = stowage.instance(StoreDocumentsUseCase.class).upload(ana,
                    UploadCommand.of(new DocumentName("notes"), new FileName("notes.txt"), new MimeType("text/plain")),
                    new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));
            try (var in = stowage.instance(ManageDocumentsUseCase.class).download(ana, doc.id(), Optional.empty()).bytes()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello");
            }
        }
        assertThat(dir.resolve("stowage.db")).exists();
        assertThat(dir.resolve("blobs")).isDirectory();
        try (var files = Files.walk(dir.resolve("blobs"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(1);
        }
    }

    @Test
    void theQueueMetersOfTheAssemblyReadTheDatabaseThroughTheStorePorts() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir).withoutHousekeeping().build()) {
            stowage.start();
            var enqueue = stowage.instance(EnqueueJobsUseCase.class);
            for (int i = 0; i < 2; i++) {
                enqueue.enqueue(EnqueueCommand.of(RENDERS, RENDER, JsonText.emptyObject()));
            }
            stowage.instance(QueueCounts.class).report();

            MeterRegistry meters = stowage.instance(MeterRegistry.class);
            assertThat(meters.get("stowage.queue.enqueued").tag("queue", "renders").counter().count()).isEqualTo(2);
            assertThat(meters.get("stowage.queue.jobs").tag("queue", "renders").tag("state", "pending").gauge().value())
                    .isEqualTo(2);
            assertThat(meters.get("stowage.queue.jobs").tag("queue", "renders").tag("state", "running").gauge().value())
                    .isZero();
        }
    }

    @Test
    void settingsChangedFromManyThreadsKeepEveryChange() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir).build()) {
            stowage.start();
            var admin = stowage.instance(AdministerQueuesUseCase.class);
            int base = admin.settings(RENDERS).maxConcurrency();
            var changes = new ArrayList<CompletableFuture<Void>>();
            for (int t = 0; t < 8; t++) {
                changes.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        admin.changeSettings(RENDERS, s -> new QueueSettings(RENDERS, s.paused(), s.maxConcurrency() + 1,
                                s.defaultMaxAttempts(), s.backoff(), s.leaseDuration()));
                    }
                }));
            }
            admin.pause(RENDERS);
            CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).get(1, TimeUnit.MINUTES);

            assertThat(admin.settings(RENDERS).maxConcurrency()).isEqualTo(base + 200);
            assertThat(admin.settings(RENDERS).paused()).isTrue();
        }
    }

    @Test
    void workersOnAFixedNumberOfThreadsRunEveryJobOnce() throws Exception {
        try (Stowage stowage = Stowage.builder().dataDir(dir).build()) {
            stowage.start();
            var admin = stowage.instance(AdministerQueuesUseCase.class);
            admin.changeSettings(RENDERS, s -> new QueueSettings(RENDERS, false, 200, 3, s.backoff(), s.leaseDuration()));
            var runs = new ConcurrentHashMap<String, Integer>();
            var workers = stowage.workers(WorkerOptions.defaults(new WorkerId("fixed")).withThreads(3));
            workers.register(RENDERS, RENDER, ctx -> {
                runs.merge(ctx.job().id().value(), 1, Integer::sum);
                return Optional.empty();
            });
            workers.start();
            var batch = new ArrayList<EnqueueCommand>();
            for (int i = 0; i < 2_000; i++) {
                batch.add(EnqueueCommand.of(RENDERS, RENDER, JsonText.of("{\"n\":" + i + "}")));
            }
            stowage.instance(EnqueueJobsUseCase.class).enqueueBatch(batch);

            var manage = stowage.instance(ManageJobsUseCase.class);
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (manage.stats(Optional.of(RENDERS), Duration.ofDays(1)).countsByState().get(JobState.COMPLETED) < 2_000) {
                assertThat(System.nanoTime()).as("all jobs to complete").isLessThan(deadline);
                Thread.sleep(10);
            }
            assertThat(runs).hasSize(2_000).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        }
    }

    @Test
    void aSettingGivenTwiceOrABadValueIsRefused() {
        var builder = Stowage.builder().dataDir(dir);
        assertThatThrownBy(() -> builder.dataDir(dir.resolve("other")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stowage.data-dir");
        assertThatThrownBy(() -> Stowage.builder().dataDir(dir).set("stowage.blobs.backend", "ftp").build())
                .isInstanceOf(InvalidConfigException.class).hasMessageContaining("[fs, s3]");
    }

    private static Job awaitState(ManageJobsUseCase jobs, Job job, JobState state) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(deadline)) {
            Job now = jobs.get(job.id());
            if (now.state() == state) {
                return now;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("job " + job.id() + " did not reach " + state + ": " + jobs.get(job.id()));
    }
}
