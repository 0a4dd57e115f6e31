package dev.stowage.application.port.out;

import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.time.Instant;
import java.util.List;

/**
 * What administers the queues as a whole: their settings, which queues there are, and the recovery of
 * jobs whose worker died. Every method is atomic on its own and joins the caller's
 * {@link Transactions} boundary when there is one.
 */
public interface JobAdminStore {

    /** Counts of what {@link #recoverExpired} did. */
    record Recovery(int requeued, int failed, int cancelled) {
        public int total() {
            return requeued + failed + cancelled;
        }
    }

    /** A queue's settings, or {@link QueueSettings#defaults} when none were saved. Never empty. */
    QueueSettings settings(QueueName queue);

    /** Saves a queue's settings, replacing any earlier ones. Idempotent. */
    void saveSettings(QueueSettings settings);

    /** Every queue that has saved settings or jobs, by name; empty when there is none. */
    List<QueueName> queues();

    /**
     * Ends every lease that expired at or before {@code now} (its worker died or stalled), at most
     * {@code limit} jobs per call: back to {@code PENDING} due {@code now} when attempts are left,
     * {@code CANCELLED} when cancel was requested, else {@code FAILED} with the error "lease expired".
     * A lease that a heartbeat extended past {@code now} is left alone, even if it was overdue before.
     *
     * @return what it did; {@link Recovery#total()} below {@code limit} means nothing expired is left
     */
    Recovery recoverExpired(Instant now, int limit);
}
