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
    // ---------------------------------------------------------------- search, count

    @Test
    void searchFindsTheIdTheDedupKeyOrItsPrefixAndPayloadText() {
        Job byId = insert(job());
        Job byKey = insert(job().dedup("invoice-2031-07"));
        Job byPayload = insert(job().payload("{\"customer\":\"Ada Lovelace\",\"n\":1}"));
        insert(job().dedup("other-key").payload("{\"customer\":\"Grace\"}"));

        assertThat(walk(JobFilter.all().withText(byId.id().value()), 10)).extracting(Job::id).containsExactly(byId.id());
        assertThat(walk(JobFilter.all().withText("invoice-2031"), 10)).extracting(Job::id).containsExactly(byKey.id());
        assertThat(walk(JobFilter.all().withText("invoice-2031-07"), 10)).extracting(Job::id).containsExactly(byKey.id());
        assertThat(walk(JobFilter.all().withText("Ada Love"), 10)).extracting(Job::id).containsExactly(byPayload.id());
        // a dedup key matches only from its start; payload text matches as written, case and all
        assertThat(walk(JobFilter.all().withText("2031-07"), 10)).isEmpty();
        assertThat(walk(JobFilter.all().withText("ada love"), 10)).isEmpty();
    }

    @Test
    void searchTreatsWildcardsAndQuotesAsPlainText() {
        Job percent = insert(job().payload("{\"rate\":\"50%_off\"}"));
        insert(job().payload("{\"rate\":\"50 xoff\"}"));
        Job quote = insert(job().dedup("it's \"quoted\""));

        assertThat(walk(JobFilter.all().withText("50%_"), 10)).extracting(Job::id).containsExactly(percent.id());
        assertThat(walk(JobFilter.all().withText("%"), 10)).extracting(Job::id).containsExactly(percent.id());
        assertThat(walk(JobFilter.all().withText("_"), 10)).extracting(Job::id).containsExactly(percent.id());
        assertThat(walk(JobFilter.all().withText("it's \""), 10)).extracting(Job::id).containsExactly(quote.id());
        assertThat(walk(JobFilter.all().withText("' OR 1=1 --"), 10)).isEmpty();
    }

    @Test
    void searchCombinesWithTheOtherFiltersAndPages() {
        var expected = new ArrayList<JobId>();
        for (int i = 0; i < 14; i++) {
            Job j = insert(job().queue(i % 2 == 0 ? QUEUE : OTHER).payload("{\"batch\":\"b-" + (i % 3) + "\"}"));
            if (i % 2 == 0 && i % 3 == 1) {
                expected.add(j.id());
            }
            clock.advance(Duration.ofSeconds(1));
        }
        expected.sort(Comparator.reverseOrder());
        JobFilter filter = JobFilter.queue(QUEUE).withText("b-1");

        assertThat(walk(filter, 1)).extracting(Job::id).containsExactlyElementsOf(expected);
        assertThat(manage.count(filter)).isEqualTo(expected.size());
    }

    @Test
    void countCountsWhatTheListingShows() {
        for (int i = 0; i < 7; i++) {
            insert(job().queue(i < 5 ? QUEUE : OTHER));
        }
        claimOne(QUEUE);

        assertThat(manage.count(JobFilter.all())).isEqualTo(7);
        assertThat(manage.count(JobFilter.queue(QUEUE))).isEqualTo(5);
        assertThat(manage.count(JobFilter.queue(QUEUE).withStates(Set.of(JobState.RUNNING)))).isEqualTo(1);
        assertThat(manage.count(JobFilter.queue(new QueueName("none")))).isZero();
    }

    @Test
    void countsByQueueHaveEveryQueueWithJobsAndOnlyTheirStates() {
        insert(job());
        insert(job());
        claimOne(QUEUE);
        manage.cancel(insert(job().queue(OTHER)).id(), clock.instant());

        var counts = manage.countsByQueue();

        assertThat(counts).containsOnlyKeys(QUEUE, OTHER);
        assertThat(counts.get(QUEUE)).containsExactlyInAnyOrderEntriesOf(
                java.util.Map.of(JobState.PENDING, 1L, JobState.RUNNING, 1L));
        assertThat(counts.get(OTHER)).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(JobState.CANCELLED, 1L));
    }

    // ---------------------------------------------------------------- history buckets

    @Test
    void finishedPerStepCountsCompletedAndFailedJobsInTheirStep() {
        Instant from = clock.instant();
        runToCompletion(QUEUE, Duration.ofSeconds(10));          // finishes at +10 s: bucket 0
        clock.advance(Duration.ofSeconds(60));                    // +70 s
        Job failing = claimOne(insert(job().maxAttempts(1)).queue());
        work.fail(failing.id(), lease(failing), "x", clock.instant(), 0.0); // bucket 1
        manage.cancel(insert(job()).id(), clock.instant());       // cancelled: in neither
        runToCompletion(OTHER, Duration.ofSeconds(1));            // another queue
        clock.advance(Duration.ofSeconds(200));                   // +270 s: past the window
        runToCompletion(QUEUE, Duration.ofSeconds(1));

        var buckets = manage.finishedPerStep(QUEUE, from, from.plusSeconds(180), Duration.ofMinutes(1));

        assertThat(buckets).extracting(b -> b.start())
                .containsExactly(from, from.plusSeconds(60), from.plusSeconds(120));
        assertThat(buckets).extracting(b -> b.completed()).containsExactly(1L, 0L, 0L);
        assertThat(buckets).extracting(b -> b.failed()).containsExactly(0L, 1L, 0L);
    }

    @Test
    void finishedPerStepRoundsAPartialLastStepUp() {
        Instant from = clock.instant();
        assertThat(manage.finishedPerStep(QUEUE, from, from.plusSeconds(150), Duration.ofMinutes(1))).hasSize(3);
        assertThatThrownBy(() -> manage.finishedPerStep(QUEUE, from, from, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ---------------------------------------------------------------- bulk

    @Test
    void retryAllRetriesFailedAndCancelledJobsAndLeavesTheRest() {
        Job failing = claimOne(insert(job().maxAttempts(1)).queue());
        Job failed = work.fail(failing.id(), lease(failing), "boom", clock.instant(), 0.0);
        Job cancelled = manage.cancel(insert(job().queue(OTHER)).id(), clock.instant());
        Job pending = insert(job().queue(new QueueName("third")));
        Job running = claimOne(insert(job().queue(new QueueName("fourth"))).queue());
        JobId missing = new JobId(ids.next());
        Instant now = clock.advance(Duration.ofMinutes(5));

        List<Job> retried = manage.retryAll(List.of(failed.id(), cancelled.id(), pending.id(), running.id(), missing,
                failed.id()), now);

        assertThat(retried).extracting(Job::id).containsExactlyInAnyOrder(failed.id(), cancelled.id());
        assertThat(retried).allSatisfy(j -> {
            assertThat(j.state()).isEqualTo(JobState.PENDING);
            assertThat(j.attempts()).isZero();
            assertThat(j.runAt()).isEqualTo(now);
        });
        assertThat(manage.find(failed.id()).orElseThrow().lastError()).contains("boom");
        assertThat(manage.find(pending.id())).contains(pending);
        assertThat(manage.find(running.id())).contains(running);
        assertThat(manage.retryAll(List.of(), now)).isEmpty();
    }

    @Test
    void retryAllLeavesAJobWhoseDedupKeyAnUnfinishedJobHolds() {
        Job first = manage.cancel(insert(job().dedup("k")).id(), clock.instant());
        Job second = insert(job().dedup("k"));

        assertThat(manage.retryAll(List.of(first.id()), clock.instant())).isEmpty();
        assertThat(manage.find(first.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(manage.find(second.id()).orElseThrow().state()).isEqualTo(JobState.PENDING);
    }

    @Test
    void cancelAllCancelsPendingJobsAndFlagsRunningOnes() {
        Job pending = insert(job());
        Job running = claimOne(insert(job().queue(OTHER)).queue());
        Job done = runToCompletion(new QueueName("third"), Duration.ofSeconds(1));
        Job cancelled = manage.cancel(insert(job()).id(), clock.instant());

        List<Job> changed = manage.cancelAll(List.of(pending.id(), running.id(), done.id(), cancelled.id()),
                clock.instant());

        assertThat(changed).extracting(Job::id).containsExactlyInAnyOrder(pending.id(), running.id());
        assertThat(manage.find(pending.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        Job flagged = manage.find(running.id()).orElseThrow();
        assertThat(flagged.state()).isEqualTo(JobState.RUNNING);
        assertThat(flagged.cancelRequested()).isTrue();
        assertThat(flagged.lease()).isEqualTo(running.lease());
        // a running job already asked to stop is not changed again
        assertThat(manage.cancelAll(List.of(running.id()), clock.instant())).isEmpty();
    }

    @Test
    void deleteAllDeletesOnlyFinishedJobs() {
        Job pending = insert(job());
        Job running = claimOne(insert(job().queue(OTHER)).queue());
        Job done = runToCompletion(new QueueName("third"), Duration.ofSeconds(1));
        Job cancelled = manage.cancel(insert(job()).id(), clock.instant());

        List<Job> deleted = manage.deleteAll(List.of(pending.id(), running.id(), done.id(), cancelled.id(), done.id()));

        assertThat(deleted).extracting(Job::id).containsExactlyInAnyOrder(done.id(), cancelled.id());
        assertThat(manage.find(done.id())).isEmpty();
        assertThat(manage.find(cancelled.id())).isEmpty();
        assertThat(manage.find(pending.id())).isPresent();
        assertThat(manage.find(running.id())).isPresent();
    }

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
