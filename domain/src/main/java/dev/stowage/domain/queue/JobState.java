package dev.stowage.domain.queue;

/**
 * The life of a job.
 *
 * <pre>
 *   PENDING --claim--> RUNNING --complete--> COMPLETED
 *      ^                  |  \--fail (attempts left)--> PENDING (run-at = now + backoff)
 *      |                  |  \--fail (no attempts left)--> FAILED
 *      |                  \--cancel seen / lease expired with no attempts left--> CANCELLED / FAILED
 *      \------- retry ---- FAILED, CANCELLED
 *   PENDING --cancel--> CANCELLED
 * </pre>
 */
public enum JobState {
    PENDING, RUNNING, COMPLETED, FAILED, CANCELLED;

    /** True for states a job leaves only by an explicit retry. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }
}
