package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobManageStore} promises (finding, listing, counting, cancelling and retrying jobs,
 * and deleting finished ones), one test per promise of its Javadoc.
 * An adapter's test extends this class and only says how to build fresh, empty stores
 * ({@link JobStoreFixture#newStores}).
 */
public abstract class JobManageStoreContract extends JobStoreFixture {

    // ---------------------------------------------------------------- cancel, retry

    @Test
    void cancelOfAPendingJobIsImmediate() {
        Job pending = insert(job());

        Job cancelled = manage.cancel(pending.id(), clock.instant());

        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.finishedAt()).contains(clock.instant());
        assertThat(work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty())).isEmpty();
    }

    @Test
    void cancelOfARunningJobOnlyFlagsIt() {
        Job running = claimOne(insert(job()).queue());

        Job flagged = manage.cancel(running.id(), clock.instant());

        assertThat(flagged.state()).isEqualTo(JobState.RUNNING);
        assertThat(flagged.cancelRequested()).isTrue();
        assertThat(flagged.lease()).isEqualTo(running.lease());
    }

    @Test
    void cancelOfACancelledJobChangesNothing() {
        Job cancelled = manage.cancel(insert(job()).id(), clock.instant());
        clock.advance(Duration.ofMinutes(1));

        assertThat(manage.cancel(cancelled.id(), clock.instant())).isEqualTo(cancelled);
    }

    @Test
    void cancelOfAFinishedJobIsAConflict() {
        Job running = claimOne(insert(job()).queue());
        work.complete(running.id(), lease(running), Optional.empty(), clock.instant());
        Job failing = claimOne(insert(job().maxAttempts(1)).queue());
        work.fail(failing.id(), lease(failing), "x", clock.instant(), 0.0);

        assertThatThrownBy(() -> manage.cancel(running.id(), clock.instant())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> manage.cancel(failing.id(), clock.instant())).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> manage.cancel(new JobId(ids.next()), clock.instant())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void retryPutsAFailedJobBackWithItsErrorKept() {
        Job running = claimOne(insert(job().maxAttempts(1)).queue());
        work.fail(running.id(), lease(running), "bad input", clock.instant(), 0.0);
        Instant now = clock.advance(Duration.ofHours(1));

        Job retried = manage.retry(running.id(), now);

        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.attempts()).isZero();
        assertThat(retried.runAt()).isEqualTo(now);
        assertThat(retried.lastError()).contains("bad input");
        assertThat(claimOne(QUEUE).id()).isEqualTo(running.id());
    }

    @Test
    void retryPutsACancelledJobBackWithTheCancelCleared() {
        Job running = claimOne(insert(job()).queue());
        manage.cancel(running.id(), clock.instant());
        work.fail(running.id(), lease(running), "stopped", clock.instant(), 0.0);

        Job retried = manage.retry(running.id(), clock.instant());

        assertThat(retried.state()).isEqualTo(JobState.PENDING);
        assertThat(retried.cancelRequested()).isFalse();
    }

    @Test
    void retryOfAnUnfinishedOrCompletedJobIsAConflict() {
        Job pending = insert(job());
        Job running = claimOne(insert(job().queue(OTHER)).queue());
        Job done = claimOne(insert(job().queue(new QueueName("third"))).queue());
        work.complete(done.id(), lease(done), Optional.empty(), clock.instant());

        for (Job j : List.of(pending, running, done)) {
            assertThatThrownBy(() -> manage.retry(j.id(), clock.instant())).isInstanceOf(ConflictException.class);
        }
        assertThatThrownBy(() -> manage.retry(new JobId(ids.next()), clock.instant())).isInstanceOf(NotFoundException.class);
    }

    // ---------------------------------------------------------------- find, list

    @Test
    void findOfAnUnknownJobIsEmpty() {
        assertThat(manage.find(new JobId(ids.next()))).isEmpty();
    }

    @Test
    void listWalksEveryPageNewestFirstWithoutGapsOrDuplicates() {
        var expected = new ArrayList<JobId>();
        for (int i = 0; i < 23; i++) {
            expected.add(insert(job().type(i % 2 == 0 ? RENDER : PREVIEW)).id());
            insert(job().queue(OTHER));
            clock.advance(Duration.ofSeconds(1));
        }
        expected.sort(Comparator.reverseOrder());

        List<Job> walked = walk(JobFilter.queue(QUEUE), 5);

        assertThat(walked).extracting(Job::id).containsExactlyElementsOf(expected);
    }

    @Test
    void listFiltersByQueueStateTypeAndCreationTime() {
        var all = new ArrayList<Job>();
        for (int i = 0; i < 12; i++) {
            all.add(insert(job().queue(i % 3 == 0 ? OTHER : QUEUE).type(i % 2 == 0 ? RENDER : PREVIEW)));
            clock.advance(Duration.ofMinutes(1));
        }
        Job running = claimOne(QUEUE);
        Job cancelled = manage.cancel(all.get(all.size() - 1).id(), clock.instant());
        List<Job> current = all.stream().map(j -> manage.find(j.id()).orElseThrow()).toList();
        assertThat(current).contains(running, cancelled);

        List<JobFilter> filters = List.of(
                JobFilter.all(),
                JobFilter.queue(QUEUE),
                JobFilter.all().withStates(Set.of(JobState.PENDING)),
                JobFilter.all().withStates(Set.of(JobState.RUNNING, JobState.CANCELLED)),
                JobFilter.queue(QUEUE).withType(PREVIEW),
                JobFilter.all().createdBetween(T0.plus(Duration.ofMinutes(3)), T0.plus(Duration.ofMinutes(8))),
                JobFilter.queue(OTHER).withType(RENDER).createdBetween(null, T0.plus(Duration.ofMinutes(7))));
        for (JobFilter f : filters) {
            List<JobId> want = current.stream().filter(f::matches).map(Job::id).sorted(Comparator.reverseOrder()).toList();
            assertThat(walk(f, 4)).as("filter %s", f).extracting(Job::id).containsExactlyElementsOf(want);
        }
    }

    @Test
    void listRejectsACursorItDidNotIssue() {
        insert(job());
        assertThatThrownBy(() -> manage.list(JobFilter.all(), PageRequest.after(new Cursor("not a cursor"), 10)))
                .isInstanceOf(InvalidInputException.class);
    }

    /** Every page in turn; only the last page may be empty, and only it has no next cursor. */
    protected List<Job> walk(JobFilter filter, int pageSize) {
        var out = new ArrayList<Job>();
        Page<Job> page = manage.list(filter, PageRequest.first(pageSize));
        while (true) {
            assertThat(page.items()).hasSizeLessThanOrEqualTo(pageSize);
            out.addAll(page.items());
            if (page.next().isEmpty()) {
                return out;
            }
            assertThat(page.items()).isNotEmpty();
            page = manage.list(filter, PageRequest.after(page.next().get(), pageSize));
        }
    }

    // ---------------------------------------------------------------- stats

    @Test
    void statsCountStatesAndMeasureTheWindow() {
        Instant from = T0.plus(Duration.ofHours(1));
        Instant to = from.plus(Duration.ofHours(1));
        // before the window: counted by state, not in the window's figures
        runToCompletion(QUEUE, Duration.ofSeconds(99));
        clock.set(from);
        for (int s = 1; s <= 20; s++) {
            clock.set(from.plus(Duration.ofMinutes(s)));
            runToCompletion(QUEUE, Duration.ofSeconds(s));
        }
        clock.set(from.plus(Duration.ofMinutes(30)));
        for (int i = 0; i < 5; i++) {
            Job j = claimOne(insert(job().maxAttempts(1)).queue());
            work.fail(j.id(), lease(j), "bad", clock.instant(), 0.0);
        }
        manage.cancel(insert(job()).id(), clock.instant());
        Job stillRunning = claimOne(insert(job()).queue());
        runToCompletion(OTHER, Duration.ofSeconds(1));
        clock.set(to.plusSeconds(10));
        enqueue.insert(List.of(job().build()));
        Job afterWindow = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.empty()).get(0);
        work.complete(afterWindow.id(), lease(afterWindow), Optional.empty(), clock.instant().plusSeconds(1));
        insert(job());
        insert(job());
        assertThat(manage.find(stillRunning.id()).orElseThrow().state()).isEqualTo(JobState.RUNNING);

        JobStats stats = manage.stats(Optional.of(QUEUE), from, to);

        assertThat(stats.queue()).contains(QUEUE);
        assertThat(stats.windowStart()).isEqualTo(from);
        assertThat(stats.windowEnd()).isEqualTo(to);
        assertThat(stats.countsByState()).containsEntry(JobState.COMPLETED, 22L).containsEntry(JobState.FAILED, 5L)
                .containsEntry(JobState.CANCELLED, 1L).containsEntry(JobState.RUNNING, 1L)
                .containsEntry(JobState.PENDING, 2L);
        assertThat(stats.finishedInWindow()).isEqualTo(26);
        assertThat(stats.completedInWindow()).isEqualTo(20);
        assertThat(stats.throughputPerSecond()).isCloseTo(20 / 3600.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(stats.meanDuration()).contains(Duration.ofMillis(10_500));
        // nearest rank: the 19th of 20 sorted run times
        assertThat(stats.p95Duration()).contains(Duration.ofSeconds(19));
        assertThat(stats.successRate()).hasValueSatisfying(r -> assertThat(r).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-9)));

        JobStats everything = manage.stats(Optional.empty(), from, to);
        assertThat(everything.queue()).isEmpty();
        assertThat(everything.completedInWindow()).isEqualTo(21);
        assertThat(everything.countsByState()).containsEntry(JobState.COMPLETED, 23L);
    }

    @Test
    void statsOfAnEmptyWindowHaveNoDurationsOrRate() {
        insert(job());

        JobStats stats = manage.stats(Optional.of(QUEUE), T0, T0.plus(Duration.ofHours(1)));

        assertThat(stats.countsByState()).containsEntry(JobState.PENDING, 1L).containsEntry(JobState.COMPLETED, 0L);
        assertThat(stats.finishedInWindow()).isZero();
        assertThat(stats.throughputPerSecond()).isZero();
        assertThat(stats.meanDuration()).isEmpty();
        assertThat(stats.p95Duration()).isEmpty();
        assertThat(stats.successRate()).isEmpty();
    }

    // ---------------------------------------------------------------- next due, retention

    @Test
    void deleteFinishedBeforeRemovesOldestFinishedJobsInBatches() {
        var finished = new ArrayList<JobId>();
        for (int i = 1; i <= 5; i++) {
            clock.set(T0.plus(Duration.ofMinutes(i)));
            finished.add(runToCompletion(QUEUE, Duration.ZERO).id());
        }
        Job cancelled = manage.cancel(insert(job()).id(), clock.instant());
        clock.set(T0.plus(Duration.ofMinutes(20)));
        Job recent = runToCompletion(QUEUE, Duration.ZERO);
        Job pending = insert(job());
        Instant cutoff = T0.plus(Duration.ofMinutes(10));

        assertThat(manage.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(manage.find(finished.get(0))).isEmpty();
        assertThat(manage.find(finished.get(1))).isEmpty();
        assertThat(manage.find(finished.get(2))).isPresent();
        assertThat(manage.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(manage.deleteFinishedBefore(cutoff, 2)).isEqualTo(2);
        assertThat(manage.deleteFinishedBefore(cutoff, 2)).isZero();

        assertThat(manage.find(cancelled.id())).isEmpty();
        assertThat(manage.find(pending.id())).isPresent();
        assertThat(manage.find(recent.id())).isPresent();
    }
}
