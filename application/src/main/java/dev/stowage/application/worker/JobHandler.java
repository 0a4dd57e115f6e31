package dev.stowage.application.worker;

import dev.stowage.domain.common.JsonText;
import java.util.Optional;

/**
 * Does the work of one job type inside a {@link WorkerRuntime}. Returning completes the job with
 * the result; throwing fails the attempt (retried with backoff while attempts are left), or cancels
 * the job when a cancel was requested.
 *
 * <p>Delivery is at least once: after a crash or a lost lease the same job may run again, so a
 * handler should be safe to repeat.
 */
@FunctionalInterface
public interface JobHandler {

    /** @return the job's result (files generated, warnings, ...), or empty */
    Optional<JsonText> handle(JobContext context) throws Exception;
}
