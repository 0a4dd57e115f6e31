package dev.stowage.application.port.in.legacy;

import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;

/**
 * Use case: bring in the JSON queue state file of the legacy batch-processing app (format 1.0).
 *
 * <p>Queue settings, global options and jobs come in. Nothing is altered silently: finished jobs
 * keep their times as written, and whatever a job cannot hold as written (unknown fields, a
 * fractional progress, the progress and start of a job that was {@code processing}, which comes back
 * pending) is kept in its payload's {@code legacy} object. Re-importing the same file creates nothing
 * new. A bad entry, a duplicate id or a bad setting is reported and does not stop the rest. The file
 * is only read, one entry at a time.
 */
public interface ImportQueueStateUseCase {

    /**
     * @param source the opened file (see {@link LegacyFiles#queueState})
     * @param queue  the queue the jobs go to
     * @param type   the job type the jobs get
     * @param dryRun report what would happen, change nothing
     * @return the report; {@link ImportReport#stoppedBy} says when the file or the storage failed
     *         part way, with the entries before that point stored
     * @throws dev.stowage.domain.error.InvalidInputException when the file as a whole is not a queue
     *         state file (no {@code version}, an unknown format version); nothing is stored then
     */
    ImportReport importQueueState(QueueStateSource source, QueueName queue, JobType type, boolean dryRun,
                                  ImportProgress progress);

    /**
     * Brings in one saved template of the same app; a template of that name is replaced.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the file is not a template
     */
    ImportReport importTemplate(String json, QueueName queue, JobType type, boolean dryRun);
}
