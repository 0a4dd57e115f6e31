package dev.stowage.application.port.out;

import dev.stowage.domain.queue.QueueName;
import java.util.function.Consumer;

/**
 * News pushed by the database that a queue may have work: jobs enqueued, or put back to pending, by
 * any process sharing the database (PostgreSQL's {@code LISTEN/NOTIFY}, for one). An adapter whose
 * database can push such news contributes one to {@code Set<QueueWakeUps>}; the application
 * forwards it to the waiting workers of this process. News are hints, never promises: a woken worker
 * looks again and may find nothing, and news may be lost (waiters bound their waits with a poll).
 */
public interface QueueWakeUps {

    /**
     * Registers where news go; called at assembly, before the adapter starts. Both callbacks are
     * called on the adapter's own thread, must return quickly and never throw.
     *
     * @param queueMayHaveWork called with the queue that may have work
     * @param anyQueueMayHaveWork called when news may have been missed (after a reconnect), so every
     *                            queue should be looked at once
     */
    void subscribe(Consumer<QueueName> queueMayHaveWork, Runnable anyQueueMayHaveWork);
}
