package dev.stowage.application.port.in.queue;

import dev.stowage.application.port.out.JobAdminStore.Recovery;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.util.List;
import java.util.function.UnaryOperator;

/** Use case: operators steer queues. */
public interface AdministerQueuesUseCase {

    /** Stops the queue handing out jobs; running jobs go on. Idempotent. */
    QueueSettings pause(QueueName queue);

    /** Lets the queue hand out jobs again. Idempotent. */
    QueueSettings resume(QueueName queue);

    QueueSettings settings(QueueName queue);

    /** Replaces a queue's settings. */
    QueueSettings updateSettings(QueueSettings settings);

    /**
     * Changes some of a queue's settings: applies {@code change} to the current settings and saves
     * what it returns, reading and writing in one transaction, so that a change made meanwhile by
     * someone else (a pause, another update) is never undone by a stale read. {@code change} must
     * return settings of the same queue and must be a plain function of its argument: it may run on
     * another thread (the store's writer) and more than once (a retried transaction), so it must have
     * no side effects, must not block, and must not wait for anything that writes.
     *
     * @return the settings saved
     */
    QueueSettings changeSettings(QueueName queue, UnaryOperator<QueueSettings> change);

    /** Every known queue's settings. */
    List<QueueSettings> queues();

    /** Sends jobs whose lease expired back to the queue (also done at start-up and periodically). */
    Recovery recoverExpiredLeases();
}
