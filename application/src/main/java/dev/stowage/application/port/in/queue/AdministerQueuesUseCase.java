package dev.stowage.application.port.in.queue;

import dev.stowage.application.port.out.JobStore.Recovery;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.util.List;

/** Use case: operators steer queues. */
public interface AdministerQueuesUseCase {

    /** Stops the queue handing out jobs; running jobs go on. Idempotent. */
    QueueSettings pause(QueueName queue);

    /** Lets the queue hand out jobs again. Idempotent. */
    QueueSettings resume(QueueName queue);

    QueueSettings settings(QueueName queue);

    /** Replaces a queue's settings. */
    QueueSettings updateSettings(QueueSettings settings);

    /** Every known queue's settings. */
    List<QueueSettings> queues();

    /** Sends jobs whose lease expired back to the queue (also done at start-up and periodically). */
    Recovery recoverExpiredLeases();
}
