package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.Progress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobImportStore} promises (storing imported jobs as they stand, idempotent by external
 * ref), one test per promise of its Javadoc.
 * An adapter's test extends this class and only says how to build fresh, empty stores
 * ({@link JobStoreFixture#newStores}).
 */
public abstract class JobImportStoreContract extends JobStoreFixture {

    // ---------------------------------------------------------------- insert imported

    @Test
    void insertImportedKeepsJobsAsTheyAreAndIsIdempotentByExternalRef() {
        Job failed = imported("legacy-1", JobState.FAILED);
        Job pending = imported("legacy-2", JobState.PENDING);

        List<Inserted> out = imports.insertImported(importing(failed, pending));
        List<Inserted> again = imports.insertImported(importing(imported("legacy-1", JobState.PENDING)));

        assertThat(out).extracting(Inserted::created).containsExactly(true, true);
        assertThat(manage.find(failed.id())).contains(failed);
        assertThat(imports.findByExternalRef("legacy-2")).contains(pending);
        assertThat(imports.findByExternalRef("legacy-3")).isEmpty();
        assertThat(again.get(0).created()).isFalse();
        assertThat(again.get(0).job()).isEqualTo(failed);
        assertThat(claimOne(QUEUE).id()).isEqualTo(pending.id());
    }

    @Test
    void insertImportedRejectsRunningJobsAndMissingRefsStoringNothing() {
        Job fine = imported("legacy-1", JobState.PENDING);
        Job running = imported("legacy-2", JobState.RUNNING);
        Job noRef = withoutRef(imported("legacy-3", JobState.PENDING));

        // refused by ImportedJob before any store sees the batch, so no adapter can store part of it
        assertThatThrownBy(() -> imports.insertImported(importing(fine, running))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> imports.insertImported(importing(fine, noRef))).isInstanceOf(InvalidInputException.class);
        assertThat(manage.find(fine.id())).isEmpty();
    }

    @Test
    void aLaterImportedJobWithTheRefOfAnEarlierOneInTheSameCallResolvesToIt() {
        Job first = imported("legacy-1", JobState.COMPLETED);
        Job second = imported("legacy-1", JobState.PENDING);

        List<Inserted> out = imports.insertImported(importing(first, second));

        assertThat(out).extracting(Inserted::created).containsExactly(true, false);
        assertThat(out.get(1).job()).isEqualTo(first);
        assertThat(manage.find(second.id())).isEmpty();
        assertThat(imports.insertImported(List.of())).isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    /** The jobs as an import hands them to the store. */
    protected static List<ImportedJob> importing(Job... jobs) {
        return Arrays.stream(jobs).map(ImportedJob::new).toList();
    }

    /** A job as an import brings it: any state, no lease, created an hour before the test starts. */
    protected Job imported(String ref, JobState state) {
        Instant created = T0.minus(Duration.ofHours(1));
        return new Job(new JobId(ids.next()), QUEUE, RENDER, JsonText.of("{}"), 0, state,
                state == JobState.PENDING ? 0 : 3, 3, created, Optional.empty(), Progress.NONE, false, Optional.empty(),
                state == JobState.FAILED ? Optional.of("gave up") : Optional.empty(), created, Optional.empty(),
                state.isTerminal() ? Optional.of(created.plusSeconds(5)) : Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.of(ref));
    }

    private static Job withoutRef(Job j) {
        return new Job(j.id(), j.queue(), j.type(), j.payload(), j.priority(), j.state(), j.attempts(),
                j.maxAttempts(), j.runAt(), j.lease(), j.progress(), j.cancelRequested(), j.result(), j.lastError(),
                j.createdAt(), j.startedAt(), j.finishedAt(), j.estimatedDuration(), j.dedupKey(), Optional.empty());
    }
}
