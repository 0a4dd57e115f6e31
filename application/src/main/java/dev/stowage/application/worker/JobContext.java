package dev.stowage.application.worker;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Job;
import java.util.concurrent.CancellationException;

/** What a {@link JobHandler} sees of the job it runs. Thread-safe. */
public interface JobContext {

    /** The job as it was claimed: id, type, attempts so far, estimated duration, ... */
    Job job();

    /** The job's payload. */
    default JsonText payload() {
        return job().payload();
    }

    /**
     * Reports how far the job has come. Cheap: only the latest report is kept and sent with the
     * next automatic heartbeat, so a handler may call it as often as it likes.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when percent is outside 0-100 or the message is too long
     */
    void progress(int percent, String message);

    /**
     * True once someone asked to cancel the job (seen on a heartbeat), the worker is shutting down,
     * or the job's lease was lost. Cancellation is cooperative: a handler that checks this should
     * stop and throw; see {@link #stopIfCancelRequested}.
     */
    boolean cancelRequested();

    /** Throws {@link CancellationException} when {@link #cancelRequested()}; the job is then cancelled. */
    default void stopIfCancelRequested() {
        if (cancelRequested()) {
            throw new CancellationException("job " + job().id() + " stopped on request");
        }
    }
}
