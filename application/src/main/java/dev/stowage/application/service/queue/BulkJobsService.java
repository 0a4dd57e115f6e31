package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.BulkJobsUseCase;
import dev.stowage.application.port.out.JobManageStore;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.QueueName;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.Comparator;

/**
 * Bulk retry, cancel and delete. A filter is walked with the listing's cursor, a page per batch, so
 * each matching job is visited once (jobs created during the run sort before the first page and are
 * not visited); each batch is changed in one store transaction, which re-checks every job's state.
 */
public final class BulkJobsService implements BulkJobsUseCase {
    /**
     * Jobs per transaction: the purge's size, for the same reason (a writer queued behind a batch
     * waits milliseconds), and a page the listing serves in one read.
     */
    public static final int BATCH = ManageJobsService.PURGE_BATCH;

    private final JobManageStore jobs;
    private final WorkSignal signal;
    private final Clock clock;

    public BulkJobsService(JobManageStore jobs, WorkSignal signal, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    @Override
    public long count(Selection selection) {
        Objects.requireNonNull(selection, "selection");
        if (selection instanceof Matching m) {
            return jobs.count(m.filter());
        }
        return present(((Listed) selection).ids());
    }

    @Override
    public Outcome apply(Action action, Selection selection) {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(selection, "selection");
        var tally = new Tally(action);
        if (selection instanceof Matching m) {
            PageRequest page = PageRequest.first(BATCH);
            while (true) {
                Page<Job> found = jobs.list(m.filter(), page);
                tally.add(found.items().size(), act(action, found.items().stream().map(Job::id).toList()));
                if (found.next().isEmpty() || Thread.currentThread().isInterrupted()) {
                    break;
                }
                page = PageRequest.after(found.next().get(), BATCH);
                // writers queued behind this batch go first
                Thread.yield();
            }
            return tally.outcome();
        }
        List<JobId> unique = List.copyOf(new LinkedHashSet<>(((Listed) selection).ids()));
        for (int from = 0; from < unique.size() && !Thread.currentThread().isInterrupted(); from += BATCH) {
            List<JobId> batch = unique.subList(from, Math.min(unique.size(), from + BATCH));
            tally.add(present(batch), act(action, batch));
        }
        return tally.outcome();
    }

    private long present(List<JobId> ids) {
        return new LinkedHashSet<>(ids).stream().filter(id -> jobs.find(id).isPresent()).count();
    }

    private List<Job> act(Action action, List<JobId> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        List<Job> changed = switch (action) {
            case RETRY -> jobs.retryAll(batch, clock.instant());
            case CANCEL -> jobs.cancelAll(batch, clock.instant());
            case DELETE -> jobs.deleteAll(batch);
        };
        if (action == Action.RETRY) {
            // one wake-up per queue that got jobs back, as a single retry gives its queue
            Set<QueueName> queues = new TreeSet<>(Comparator.comparing(QueueName::value));
            changed.forEach(j -> queues.add(j.queue()));
            queues.forEach(signal::signal);
        }
        return changed;
    }

    private static final class Tally {
        private final Action action;
        private long matched;
        private long changed;

        Tally(Action action) {
            this.action = action;
        }

        void add(long found, List<Job> done) {
            matched += found;
            changed += done.size();
        }

        Outcome outcome() {
            return new Outcome(action, matched, changed, Math.max(0, matched - changed));
        }
    }
}
