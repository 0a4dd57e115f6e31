package dev.stowage.testing.queue;

import static dev.stowage.testing.queue.QueueFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.ManageJobsService;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.queue.WorkerId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class QueueServicesTest {
    private static final QueueName Q = new QueueName("media");
    private static final JobType RENDER = new JobType("render");
    private static final WorkerId W = new WorkerId("w1");
    private static final JsonText PAYLOAD = JsonText.of("{\"source\":\"a.tif\"}");

    private final QueueFixture f = new QueueFixture();

    @Test
    void enqueueAppliesTheQueueDefaults() {
        f.store.saveSettings(new QueueSettings(Q, false, 4, 7, BackoffPolicy.DEFAULT, Duration.ofMinutes(1)));

        Job job = f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD)).job();

        assertThat(job.state()).isEqualTo(JobState.PENDING);
        assertThat(job.maxAttempts()).isEqualTo(7);
        assertThat(job.priority()).isZero();
        assertThat(job.runAt()).isEqualTo(T0);
        assertThat(job.createdAt()).isEqualTo(T0);
        assertThat(f.store.find(job.id())).contains(job);
    }

    @Test
    void enqueueWithADedupKeyIsIdempotent() {
        Inserted first = f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD).withDedupKey("report-7"));
        Inserted again = f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD).withDedupKey("report-7"));

        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(first.job().id());
    }

    @Test
    void batchIsLimitedAndCheckedBeforeAnythingIsStored() {
        var tooMany = new ArrayList<EnqueueCommand>();
        for (int i = 0; i <= 10_000; i++) {
            tooMany.add(EnqueueCommand.of(Q, RENDER, PAYLOAD));
        }
        var oneBad = List.of(EnqueueCommand.of(Q, RENDER, PAYLOAD), EnqueueCommand.of(Q, RENDER, PAYLOAD).withPriority(5000));

        assertThatThrownBy(() -> f.enqueue.enqueueBatch(tooMany)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("10000");
        assertThatThrownBy(() -> f.enqueue.enqueueBatch(oneBad)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("priority");
        assertThat(f.store.queues()).isEmpty();
        assertThat(f.enqueue.enqueueBatch(List.of())).isEmpty();
        assertThat(f.enqueue.enqueueBatch(tooMany.subList(0, 10_000))).hasSize(10_000);
    }

    @Test
    void templateGivesDefaultsAndOverridesMergeIntoIt() {
        JobTemplate quick = f.templateService.save(new JobTemplate(new TemplateName("Quick Preview"), "small previews", Q,
                RENDER, JsonText.of("{\"size\":256,\"format\":\"png\"}"), 7, Optional.of(2),
                Optional.of(Duration.ofSeconds(20)), Optional.of("ana"), Instant.EPOCH, Instant.EPOCH));
        assertThat(quick.createdAt()).isEqualTo(T0);

        Job plain = f.enqueue.enqueueFromTemplate(quick.name(), Optional.empty()).job();
        Job custom = f.enqueue.enqueueFromTemplate(quick.name(), Optional.of(
                new EnqueueCommand(Q, RENDER, JsonText.of("{\"size\":1024}"), Optional.empty(), Optional.of(5),
                        Optional.empty(), Optional.empty(), Optional.empty()))).job();

        assertThat(plain.payload()).isEqualTo(quick.payload());
        assertThat(plain.priority()).isEqualTo(7);
        assertThat(plain.maxAttempts()).isEqualTo(2);
        assertThat(plain.estimatedDuration()).contains(Duration.ofSeconds(20));
        assertThat(custom.payload().json()).isEqualTo("{\"size\":1024,\"format\":\"png\"}");
        assertThat(custom.priority()).isEqualTo(7);
        assertThat(custom.maxAttempts()).isEqualTo(5);
        assertThatThrownBy(() -> f.enqueue.enqueueFromTemplate(new TemplateName("Nope"), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void templatesAreStampedByTheServiceAndDeleteOfNoneIsNotFound() {
        JobTemplate t = new JobTemplate(new TemplateName("Full"), "all steps", Q, RENDER, JsonText.emptyObject(), 0,
                Optional.empty(), Optional.empty(), Optional.empty(), Instant.EPOCH, Instant.EPOCH);
        f.templateService.save(t);
        f.clock.advance(Duration.ofHours(1));

        JobTemplate again = f.templateService.save(t);

        assertThat(again.createdAt()).isEqualTo(T0);
        assertThat(again.updatedAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(f.templateService.list()).containsExactly(again);
        f.templateService.delete(t.name());
        assertThatThrownBy(() -> f.templateService.delete(t.name())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.templateService.get(t.name())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void failRetriesWithBackoffFromTheInjectedRandomThenFails() throws Exception {
        f.store.saveSettings(new QueueSettings(Q, false, 4, 2,
                new BackoffPolicy(Duration.ofSeconds(10), 2.0, Duration.ofMinutes(5), 0.5), Duration.ofMinutes(1)));
        Job job = f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD)).job();

        Job first = claim();
        Job retry = f.work.fail(first.id(), first.lease().orElseThrow().id(), "disk busy");
        // the injected random draws 0: no jitter, the full 10 s
        assertThat(retry.runAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(f.work.claim(Q, W, 1, Optional.empty(), Duration.ZERO)).isEmpty();

        f.clock.advance(Duration.ofSeconds(10));
        Job second = claim();
        Job failed = f.work.fail(second.id(), second.lease().orElseThrow().id(), "x".repeat(10_000));

        assertThat(failed.id()).isEqualTo(job.id());
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError().orElseThrow()).hasSizeLessThan(5_000);
        assertThat(f.manage.retry(job.id()).state()).isEqualTo(JobState.PENDING);
        assertThatThrownBy(() -> f.manage.retry(job.id())).isInstanceOf(ConflictException.class);
    }

    @Test
    void waitingClaimWakesOnEnqueueWithoutPolling() throws Exception {
        QueueFixture slow = new QueueFixture(() -> 0L, Duration.ofHours(1));
        var claim = CompletableFuture.supplyAsync(() -> {
            try {
                return slow.work.claim(Q, W, 5, Optional.empty(), Duration.ofHours(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        QueueFixture.await(() -> slow.signal.waiting(Q) == 1, "the claim to wait");

        Job job = slow.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD)).job();

        assertThat(claim.get(QueueFixture.PATIENCE.toSeconds(), TimeUnit.SECONDS)).extracting(Job::id).containsExactly(job.id());
    }

    @Test
    void waitingClaimWakesWhenADelayedJobFallsDue() throws Exception {
        // the real clock: the claim must sleep until run-at by itself, with no signal and no poll to help
        QueueFixture real = new QueueFixture(() -> 0L, Duration.ofHours(1));
        var enqueue = new EnqueueJobsService(real.store, real.store, real.templates, real.tx,
                real.ids, real.signal, QueueMetrics.NONE, Clock.systemUTC());
        var work = new WorkJobsService(real.store, real.signal, QueueMetrics.NONE,
                Clock.systemUTC(), () -> 0L, Duration.ofHours(1));
        Job delayed = enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD).withRunAt(Instant.now().plusMillis(200))).job();

        List<Job> claimed = work.claim(Q, W, 1, Optional.empty(), QueueFixture.PATIENCE);

        assertThat(claimed).extracting(Job::id).containsExactly(delayed.id());
    }

    @Test
    void pausedQueueHandsOutNothingUntilResumed() throws Exception {
        f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD));
        assertThat(f.admin.pause(Q).paused()).isTrue();

        assertThat(f.work.claim(Q, W, 1, Optional.empty(), Duration.ZERO)).isEmpty();
        assertThat(f.admin.queues()).extracting(QueueSettings::paused).containsExactly(true);

        assertThat(f.admin.resume(Q).paused()).isFalse();
        assertThat(f.work.claim(Q, W, 1, Optional.empty(), Duration.ZERO)).hasSize(1);
    }

    @Test
    void changeSettingsReadsAndWritesInOneStepSoNoChangeIsLost() throws Exception {
        int base = f.admin.settings(Q).maxConcurrency();
        var changes = new ArrayList<CompletableFuture<Void>>();
        for (int t = 0; t < 8; t++) {
            changes.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 25; i++) {
                    f.admin.changeSettings(Q, s -> new QueueSettings(Q, s.paused(), s.maxConcurrency() + 1,
                            s.defaultMaxAttempts(), s.backoff(), s.leaseDuration()));
                }
            }));
        }
        f.admin.pause(Q);
        CompletableFuture.allOf(changes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        QueueSettings now = f.admin.settings(Q);
        assertThat(now.maxConcurrency()).isEqualTo(base + 200);
        assertThat(now.paused()).isTrue(); // the pause made among the changes survived them
        assertThatThrownBy(() -> f.admin.changeSettings(Q, s -> QueueSettings.defaults(new QueueName("other"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(f.admin.settings(Q)).isEqualTo(now);
    }

    @Test
    void recoverySendsExpiredLeasesBack() {
        f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD));
        Job running = claim();
        f.clock.advance(f.store.settings(Q).leaseDuration());

        assertThat(f.admin.recoverExpiredLeases().requeued()).isEqualTo(1);
        assertThat(f.manage.get(running.id()).state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void statsCoverTheWindowEndingNow() {
        f.enqueue.enqueue(EnqueueCommand.of(Q, RENDER, PAYLOAD));
        Job running = claim();
        f.clock.advance(Duration.ofSeconds(4));
        f.work.complete(running.id(), running.lease().orElseThrow().id(), Optional.empty());
        f.clock.advance(Duration.ofMinutes(1));

        JobStats lastHour = f.manage.stats(Optional.of(Q), Duration.ofHours(1));
        JobStats lastMinute = f.manage.stats(Optional.of(Q), Duration.ofSeconds(30));

        assertThat(lastHour.windowEnd()).isEqualTo(f.clock.instant());
        assertThat(lastHour.completedInWindow()).isEqualTo(1);
        assertThat(lastHour.meanDuration()).contains(Duration.ofSeconds(4));
        assertThat(lastMinute.completedInWindow()).isZero();
        assertThatThrownBy(() -> f.manage.stats(Optional.empty(), Duration.ZERO)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void purgeDeletesOldFinishedJobsInBatches() {
        int old = ManageJobsService.PURGE_BATCH * 2 + 3;
        var batch = new ArrayList<EnqueueCommand>();
        for (int i = 0; i < old + 1; i++) {
            batch.add(EnqueueCommand.of(Q, RENDER, PAYLOAD));
        }
        List<Inserted> jobs = f.enqueue.enqueueBatch(batch);
        for (int i = 0; i < old; i++) {
            f.manage.cancel(jobs.get(i).job().id());
        }
        f.clock.advance(Duration.ofDays(31));

        assertThat(f.manage.purgeFinishedOlderThan(Duration.ofDays(30))).isEqualTo(old);
        assertThat(f.manage.get(jobs.get(old).job().id()).state()).isEqualTo(JobState.PENDING);
        assertThat(f.manage.purgeFinishedOlderThan(Duration.ofDays(30))).isZero();
    }

    private Job claim() {
        try {
            List<Job> got = f.work.claim(Q, W, 1, Optional.empty(), Duration.ZERO);
            assertThat(got).hasSize(1);
            return got.get(0);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
