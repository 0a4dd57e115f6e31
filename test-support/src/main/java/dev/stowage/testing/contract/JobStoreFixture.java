package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.LeaseId;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.ManualClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the job queue's contracts share: a fresh set of stores per test, the clock and ids they run
 * on, and the builders and steps that arrange a test. Each contract tests one port; arranging its
 * tests takes the others (jobs are stored through {@link JobEnqueueStore}, claimed through
 * {@link JobWorkStore} and looked at through {@link JobManageStore}), so an adapter gives all five.
 *
 * <p>Stores never read a clock: every time comes in as a {@code now} argument, taken here from a
 * {@link ManualClock} so that tests are exact. Lease ids come from the {@link IdGenerator} handed to
 * {@link #newStores}.
 */
public abstract class JobStoreFixture {
    protected static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    protected static final QueueName QUEUE = new QueueName("media");
    protected static final QueueName OTHER = new QueueName("other");
    protected static final JobType RENDER = new JobType("render");
    protected static final JobType PREVIEW = new JobType("preview");
    protected static final WorkerId WORKER = new WorkerId("worker-1");

    protected ManualClock clock;
    protected IdGenerator ids;
    protected JobEnqueueStore enqueue;
    protected JobWorkStore work;
    protected JobManageStore manage;
    protected JobAdminStore admin;
    protected JobImportStore imports;
    private JobStores stores;

    /** New, empty stores, all over the same jobs. Called before every test. */
    protected abstract JobStores newStores(Clock clock, IdGenerator ids);

    @BeforeEach
    void createStores() {
        clock = new ManualClock(T0);
        ids = new MonotonicIdGenerator(clock, new SplittableRandom(7));
        stores = newStores(clock, ids);
        enqueue = stores.enqueue();
        work = stores.work();
        manage = stores.manage();
        admin = stores.admin();
        imports = stores.imports();
    }

    @AfterEach
    void dropStores() throws Exception {
        stores.close();
    }

    /** A new job with test defaults; change what a test is about. */
    protected JobSpec job() {
        return new JobSpec();
    }

    protected Job insert(JobSpec spec) {
        Inserted inserted = enqueue.insert(List.of(spec.build())).get(0);
        assertThat(inserted.created()).isTrue();
        return inserted.job();
    }

    protected Job claimOne(QueueName queue) {
        List<Job> claimed = work.claim(queue, WORKER, 1, clock.instant(), Optional.empty());
        assertThat(claimed).hasSize(1);
        return claimed.get(0);
    }

    /** Enqueues, claims and completes one job that runs for {@code runTime}, ending at now + runTime. */
    protected Job runToCompletion(QueueName queue, Duration runTime) {
        Job running = claimOne(insert(job().queue(queue)).queue());
        Instant end = clock.instant().plus(runTime);
        Job done = work.complete(running.id(), lease(running), Optional.empty(), end);
        clock.set(end);
        return done;
    }

    protected static LeaseId lease(Job job) {
        return job.lease().orElseThrow().id();
    }

    protected static QueueSettings settings(QueueName queue, int maxConcurrency, int maxAttempts) {
        return new QueueSettings(queue, false, maxConcurrency, maxAttempts, BackoffPolicy.DEFAULT, Duration.ofMinutes(1));
    }

    /** Builds {@link NewJob}s; the id and created-at come from the test's generator and clock. */
    protected final class JobSpec {
        private JobId id;
        private QueueName queue = QUEUE;
        private JobType type = RENDER;
        private int priority;
        private int maxAttempts = 3;
        private Instant runAt;
        private String dedupKey;
        private String externalRef;
        private String payload = "{\"source\":\"a.tif\"}";

        public JobSpec payload(String json) {
            payload = json;
            return this;
        }

        public JobSpec id(JobId value) {
            id = value;
            return this;
        }

        public JobSpec queue(QueueName value) {
            queue = value;
            return this;
        }

        public JobSpec type(JobType value) {
            type = value;
            return this;
        }

        public JobSpec priority(int value) {
            priority = value;
            return this;
        }

        public JobSpec maxAttempts(int value) {
            maxAttempts = value;
            return this;
        }

        public JobSpec runAt(Instant value) {
            runAt = value;
            return this;
        }

        public JobSpec dedup(String value) {
            dedupKey = value;
            return this;
        }

        public JobSpec ref(String value) {
            externalRef = value;
            return this;
        }

        public NewJob build() {
            Instant now = clock.instant();
            return new NewJob(id != null ? id : new JobId(ids.next()), queue, type, JsonText.of(payload),
                    priority, maxAttempts, runAt != null ? runAt : now, Optional.of(Duration.ofSeconds(30)),
                    Optional.ofNullable(dedupKey), Optional.ofNullable(externalRef), now);
        }
    }
}
