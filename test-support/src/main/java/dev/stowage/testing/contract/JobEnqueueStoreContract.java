package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.ManageJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.InMemoryTransactions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobEnqueueStore} promises (storing new jobs, all or none, idempotent by dedup key and
 * external ref), one test per promise of its Javadoc.
 * An adapter's test extends this class and only says how to build fresh, empty stores
 * ({@link JobStoreFixture#newStores}).
 */
public abstract class JobEnqueueStoreContract extends JobStoreFixture {

    // ---------------------------------------------------------------- insert

    @Test
    void insertStoresPendingJobsInInputOrder() {
        NewJob a = job().build();
        NewJob b = job().type(PREVIEW).priority(5).build();

        List<Inserted> out = enqueue.insert(List.of(a, b));

        assertThat(out).extracting(Inserted::created).containsExactly(true, true);
        assertThat(out).extracting(i -> i.job().id()).containsExactly(a.id(), b.id());
        Job stored = manage.find(b.id()).orElseThrow();
        assertThat(stored).isEqualTo(b.toPendingJob());
        assertThat(stored.state()).isEqualTo(JobState.PENDING);
        assertThat(stored.attempts()).isZero();
        assertThat(stored.lease()).isEmpty();
    }

    @Test
    void insertIsAllOrNone() {
        NewJob first = job().build();
        enqueue.insert(List.of(first));
        NewJob fresh = job().build();
        NewJob clash = job().id(first.id()).build();

        assertThatThrownBy(() -> enqueue.insert(List.of(fresh, clash))).isInstanceOf(AlreadyExistsException.class);

        assertThat(manage.find(fresh.id())).isEmpty();
    }

    @Test
    void dedupKeyReturnsTheUnfinishedJobOfTheSameQueue() {
        Job pending = insert(job().dedup("report-7"));
        Job running = claimOne(insert(job().queue(OTHER).dedup("report-7")).queue());

        Inserted again = enqueue.insert(List.of(job().dedup("report-7").build())).get(0);
        Inserted againRunning = enqueue.insert(List.of(job().queue(OTHER).dedup("report-7").build())).get(0);

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(pending.id());
        assertThat(againRunning.created()).isFalse();
        assertThat(againRunning.job().id()).isEqualTo(running.id());
        assertThat(manage.list(JobFilter.all(), PageRequest.first(10)).items()).hasSize(2);
    }

    @Test
    void dedupKeyDoesNotReachAcrossQueues() {
        insert(job().dedup("k"));

        Inserted other = enqueue.insert(List.of(job().queue(OTHER).dedup("k").build())).get(0);

        assertThat(other.created()).isTrue();
    }

    @Test
    void finishedJobWithTheSameDedupKeyDoesNotBlock() {
        Job done = claimOne(insert(job().dedup("k")).queue());
        work.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        Inserted next = enqueue.insert(List.of(job().dedup("k").build())).get(0);

        assertThat(next.created()).isTrue();
        assertThat(next.job().id()).isNotEqualTo(done.id());
    }

    @Test
    void externalRefIsIdempotentWhateverTheStateOrQueue() {
        Job done = claimOne(insert(job().ref("legacy-42")).queue());
        work.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        Inserted again = enqueue.insert(List.of(job().queue(OTHER).ref("legacy-42").build())).get(0);

        assertThat(again.created()).isFalse();
        assertThat(again.job().id()).isEqualTo(done.id());
        assertThat(again.job().state()).isEqualTo(JobState.COMPLETED);
    }

    @Test
    void laterDuplicateInOneBatchResolvesToTheEarlierJob() {
        NewJob a = job().dedup("k").build();
        NewJob b = job().dedup("k").build();
        NewJob c = job().ref("r").build();
        NewJob d = job().queue(OTHER).ref("r").build();

        List<Inserted> out = enqueue.insert(List.of(a, b, c, d));

        assertThat(out).extracting(Inserted::created).containsExactly(true, false, true, false);
        assertThat(out.get(1).job().id()).isEqualTo(a.id());
        assertThat(out.get(3).job().id()).isEqualTo(c.id());
        assertThat(manage.find(b.id())).isEmpty();
        assertThat(manage.find(d.id())).isEmpty();
    }

    // ---------------------------------------------------------------- complete many

    @Test
    void aLargeBatchOfPlainAndDeduplicatedJobsIsStoredExactlyAsGiven() {
        Job existing = insert(job().dedup("same"));
        JsonText tricky = JsonText.of("{\"text\":\"quote \\\" backslash \\\\ \\n é 日本 😀\", \"n\": 1.50}");
        List<NewJob> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            NewJob plain = job().priority(i % 7 - 3).build();
            if (i % 50 == 10) {
                batch.add(job().dedup("same").build());
            } else if (i % 50 == 20) {
                batch.add(job().dedup("batch-" + i / 50).build());
                batch.add(job().dedup("batch-" + i / 50).build());
            } else {
                batch.add(new NewJob(plain.id(), plain.queue(), plain.type(), i % 2 == 0 ? tricky : plain.payload(),
                        plain.priority(), plain.maxAttempts(), plain.runAt().plusSeconds(i), i % 3 == 0
                        ? Optional.empty() : plain.estimatedDuration(), Optional.empty(), Optional.empty(),
                        plain.createdAt()));
            }
        }

        List<Inserted> inserted = enqueue.insert(batch);

        assertThat(inserted).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            NewJob given = batch.get(i);
            Inserted got = inserted.get(i);
            if (given.dedupKey().equals(Optional.of("same"))) {
                assertThat(got.created()).isFalse();
                assertThat(got.job()).isEqualTo(existing);
            } else if (i > 0 && given.dedupKey().isPresent() && given.dedupKey().equals(batch.get(i - 1).dedupKey())) {
                assertThat(got.created()).isFalse();
                assertThat(got.job()).isEqualTo(inserted.get(i - 1).job());
            } else {
                assertThat(got.created()).isTrue();
                assertThat(got.job()).isEqualTo(given.toPendingJob());
                assertThat(manage.find(given.id())).contains(given.toPendingJob());
            }
        }
    }

    // ---------------------------------------------------------------- what the services stamp

    @Test
    void aJobEnqueuedOnANanosecondClockReadsBackEqualToWhatTheEnqueueReturned() {
        clock.set(T0.plusNanos(123_456_789));
        var service = new EnqueueJobsService(enqueue, admin, new InMemoryJobTemplates(), new InMemoryTransactions(),
                ids, new WorkSignal(), QueueMetrics.NONE, clock);
        Instant runAt = T0.plusSeconds(60).plusNanos(987_654_321);

        Job delayed = service.enqueue(EnqueueCommand.of(QUEUE, RENDER, JsonText.of("{}")).withRunAt(runAt)).job();
        List<Inserted> batch = service.enqueueBatch(List.of(EnqueueCommand.of(QUEUE, RENDER, JsonText.of("{}")),
                EnqueueCommand.of(OTHER, PREVIEW, JsonText.of("{}")).withRunAt(runAt.plusNanos(1))));
        clock.set(T0.plusSeconds(1).plusNanos(999));
        Job cancelled = new ManageJobsService(manage, new WorkSignal(), clock).cancel(batch.get(0).job().id());

        // microseconds, the finer part dropped toward the past: what every store keeps
        assertThat(delayed.runAt()).isEqualTo(T0.plusSeconds(60).plusNanos(987_654_000));
        assertThat(delayed.createdAt()).isEqualTo(T0.plusNanos(123_456_000));
        assertThat(manage.find(delayed.id())).contains(delayed);
        assertThat(manage.find(batch.get(1).job().id())).contains(batch.get(1).job());
        assertThat(manage.find(cancelled.id())).contains(cancelled);
    }
}
