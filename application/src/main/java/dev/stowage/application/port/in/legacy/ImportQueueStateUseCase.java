package dev.stowage.application.port.in.legacy;

import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;

/**
 * Use case: bring in the JSON queue state file of the legacy batch-processing app (format 1.0).
 *
 * <p>Queue settings, global options and jobs come in. A job that was {@code processing} when the
 * file was written comes back pending; finished jobs keep their history, results and durations.
 * Re-importing the same file creates nothing new. A bad entry is reported with its index and reason
 * and does not stop the rest. The file itself is only read.
 */
public interface ImportQueueStateUseCase {

    /**
     * @param json   the file's text
     * @param queue  the queue the jobs go to
     * @param type   the job type the jobs get
     * @param dryRun report what would happen, change nothing
     * @throws dev.stowage.domain.error.InvalidInputException when the file as a whole is unreadable
     *         (not JSON, not an object, unknown format version)
     */
    ImportReport importQueueState(String json, QueueName queue, JobType type, boolean dryRun, ImportProgress progress);

    /**
     * Brings in one saved template of the same app; a template of that name is replaced.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the file is not a template
     */
    ImportReport importTemplate(String json, QueueName queue, JobType type, boolean dryRun);
}
