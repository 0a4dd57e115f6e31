package dev.stowage.application.worker;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.CompletionOutcome;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Records the completions of a {@link WorkerRuntime}'s jobs in groups: handler threads hand their
 * finished job over and go back to the pool at once, and one thread reports everything handed over
 * meanwhile with a single {@link WorkJobsUseCase#completeAll}. Under load a group is as large as what
 * finished during the previous report, so the store pays one statement and one commit per group
 * instead of per job; when idle a group is one job, reported at once.
 *
 * <p>Each job was {@linkplain RunningJob#settle settled} before it was handed over, so it is reported
 * at most once, and the store checks each lease on its own: a job whose lease was lost is refused in
 * its outcome and logged, without affecting the rest of its group. Once a job's report is done
 * (recorded, refused or failed), {@code onReported} frees its slot.
 */
final class Completer {
    private static final System.Logger LOG = System.getLogger(Completer.class.getName());
    /** As many as one claim may hand out: a group never needs to be larger. */
    private static final int MAX_GROUP = WorkJobsUseCase.MAX_CLAIM;

    /** A finished job waiting to be reported. */
    record Finished(RunningJob job, Optional<JsonText> result, Runnable onReported) {
    }

    private final WorkJobsUseCase work;
    private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final Object lock = new Object();
    private volatile boolean closed;

    Completer(WorkJobsUseCase work, String name) {
        this.work = Objects.requireNonNull(work, "work");
        this.thread = DaemonThreads.daemon(this::loop, name);
    }

    void start() {
        thread.start();
    }

    /**
     * Hands a settled job over. Returns false once {@link #close} has begun; the caller then reports
     * the job itself.
     */
    boolean submit(Finished finished) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            queue.add(finished);
            return true;
        }
    }

    /** Reports everything handed over so far, then ends the thread; waits at most {@code millis}. */
    void close(long millis) throws InterruptedException {
        synchronized (lock) {
            // nothing is added from here on, so the loop ends once the queue is empty
            closed = true;
        }
        thread.interrupt();
        thread.join(millis);
    }

    private void loop() {
        List<Finished> group = new ArrayList<>();
        while (true) {
            try {
                Finished first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    if (closed) {
                        return;
                    }
                    continue;
                }
                group.add(first);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return; // only close() interrupts, and nothing is left to report
                }
                continue;
            }
            queue.drainTo(group, MAX_GROUP - group.size());
            report(group);
            group.clear();
        }
    }

    private void report(List<Finished> group) {
        List<Completion> completions = new ArrayList<>(group.size());
        for (Finished f : group) {
            completions.add(new Completion(f.job().job().id(), f.job().lease(), f.result()));
        }
        try {
            List<CompletionOutcome> outcomes = work.completeAll(completions);
            for (CompletionOutcome o : outcomes) {
                o.refused().ifPresent(why -> {
                    if (why instanceof LeaseLostException || why instanceof NotFoundException) {
                        LOG.log(Level.WARNING, () -> "job " + o.job() + " finished after losing its lease; its result "
                                + "was not recorded");
                    } else {
                        LOG.log(Level.ERROR, () -> "completion of job " + o.job() + " was refused", why);
                    }
                });
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, () -> "could not record the completion of " + group.size() + " jobs; they run again "
                    + "when their leases expire", e);
        } finally {
            group.forEach(f -> run(f.onReported()));
        }
    }

    private static void run(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "freeing a finished job's slot failed", e);
        }
    }
}
