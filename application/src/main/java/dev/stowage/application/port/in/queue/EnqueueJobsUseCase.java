package dev.stowage.application.port.in.queue;

import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.domain.queue.TemplateName;
import java.util.List;
import java.util.Optional;

/** Use case: a producer hands work to a queue. */
public interface EnqueueJobsUseCase {

    /**
     * Enqueues one job; durable when this returns. Idempotent when the command has a dedup key.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when a value breaks its rule
     */
    Inserted enqueue(EnqueueCommand command);

    /** Enqueues many jobs in one transaction: all are stored, or none. At most 10,000 per call. */
    List<Inserted> enqueueBatch(List<EnqueueCommand> commands);

    /**
     * Enqueues from a saved template: the template gives queue, type, payload, priority, attempts and
     * estimated duration; {@code overrides} (when present) replaces any of them and its payload object
     * is merged into the template's, key by key.
     *
     * @throws dev.stowage.domain.error.NotFoundException when no template has that name
     */
    Inserted enqueueFromTemplate(TemplateName template, Optional<EnqueueCommand> overrides);
}
