package dev.stowage.application.port.in.queue;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import java.util.List;
import java.util.Objects;

/**
 * Use case: retry, cancel or delete many jobs at once, every job matching a filter or a list of ids,
 * in batches so that writers are never stalled long.
 */
public interface BulkJobsUseCase {
    /** The most ids one request may list; a larger selection is made with a filter. */
    int MAX_IDS = 1000;

    /** What to do to each job; each applies only to jobs in a state it can change. */
    enum Action {
        /** {@code FAILED} or {@code CANCELLED} back to {@code PENDING}, as a single retry does. */
        RETRY,
        /** {@code PENDING} to {@code CANCELLED}; {@code RUNNING} gets cancel requested, so its worker stops. */
        CANCEL,
        /** Deletes finished jobs ({@code COMPLETED}, {@code FAILED}, {@code CANCELLED}). */
        DELETE
    }

    /** Which jobs: every job matching a filter, or the listed ones. */
    sealed interface Selection permits Matching, Listed {
    }

    /** Every job matching {@code filter} when the run reaches it; jobs created after the run began may be left out. */
    record Matching(JobFilter filter) implements Selection {
        public Matching {
            Objects.requireNonNull(filter, "filter");
        }
    }

    /**
     * The listed jobs (an id listed twice counts once; ids of jobs that do not exist match nothing).
     *
     * @throws InvalidInputException when the list is empty or longer than {@link #MAX_IDS}
     */
    record Listed(List<JobId> ids) implements Selection {
        public Listed {
            ids = List.copyOf(ids);
            if (ids.isEmpty() || ids.size() > MAX_IDS) {
                throw new InvalidInputException("a bulk action lists from 1 to " + MAX_IDS + " job ids, got "
                        + ids.size());
            }
        }
    }

    /**
     * What a bulk action did.
     *
     * @param matched jobs selected (that existed when their batch was read)
     * @param changed jobs the action changed
     * @param skipped selected jobs it left alone: not in a state the action applies to (a retry of
     *                a running job), or changed or deleted by someone else meanwhile
     */
    record Outcome(Action action, long matched, long changed, long skipped) {
        public Outcome {
            Objects.requireNonNull(action, "action");
        }
    }

    /** How many jobs the selection matches now; changes nothing (the count a confirmation shows). */
    long count(Selection selection);

    /**
     * Applies {@code action} to every selected job, a batch at a time (one transaction each); walks
     * the selection once, so a job is never visited twice. An interrupt stops it after the current
     * batch and the outcome so far is returned, with the interrupt kept.
     */
    Outcome apply(Action action, Selection selection);
}
