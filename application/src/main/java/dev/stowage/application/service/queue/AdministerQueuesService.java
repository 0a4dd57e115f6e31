package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobAdminStore.Recovery;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.Objects;

/** Operators pause, resume and configure queues, and send expired leases back. */
public final class AdministerQueuesService implements AdministerQueuesUseCase {
    /** Jobs recovered per transaction; recovery loops until a batch comes back short. */
    public static final int RECOVERY_BATCH = 500;

    private final JobAdminStore jobs;
    private final Transactions tx;
    private final WorkSignal signal;
    private final Clock clock;

    public AdministerQueuesService(JobAdminStore jobs, Transactions tx, WorkSignal signal, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    @Override
    public QueueSettings pause(QueueName queue) {
        return changeSettings(queue, s -> s.withPaused(true));
    }

    @Override
    public QueueSettings resume(QueueName queue) {
        return changeSettings(queue, s -> s.withPaused(false));
    }

    @Override
    public QueueSettings settings(QueueName queue) {
        return jobs.settings(Objects.requireNonNull(queue, "queue"));
    }

    /** Replaces the settings and wakes the queue's workers: the queue may now allow more at once. */
    @Override
    public QueueSettings updateSettings(QueueSettings settings) {
        Objects.requireNonNull(settings, "settings");
        tx.writeVoid(() -> jobs.saveSettings(settings));
        signal.signal(settings.queue());
        return settings;
    }

    @Override
    public QueueSettings changeSettings(QueueName queue, UnaryOperator<QueueSettings> change) {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(change, "change");
        QueueSettings saved = tx.write(() -> {
            QueueSettings changed = Objects.requireNonNull(change.apply(jobs.settings(queue)), "changed settings");
            if (!changed.queue().equals(queue)) {
                throw new IllegalArgumentException("a change of queue '" + queue + "' returned settings of queue '"
                        + changed.queue() + "'");
            }
            jobs.saveSettings(changed);
            return changed;
        });
        signal.signal(queue);
        return saved;
    }

    @Override
    public List<QueueSettings> queues() {
        return tx.read(() -> jobs.queues().stream().map(jobs::settings).toList());
    }

    /** Recovers in batches, then wakes every queue's workers when anything changed. */
    @Override
    public Recovery recoverExpiredLeases() {
        Instant now = clock.instant();
        int requeued = 0;
        int failed = 0;
        int cancelled = 0;
        while (true) {
            Recovery r = jobs.recoverExpired(now, RECOVERY_BATCH);
            requeued += r.requeued();
            failed += r.failed();
            cancelled += r.cancelled();
            if (r.total() < RECOVERY_BATCH) {
                break;
            }
        }
        Recovery all = new Recovery(requeued, failed, cancelled);
        if (all.total() > 0) {
            signal.signalAll();
        }
        return all;
    }
}
