package dev.stowage.domain.error;

/**
 * The caller acted under a lease it no longer holds: it expired and the job went back to the queue
 * or to another worker. Whatever the caller wanted to record was not recorded.
 */
public final class LeaseLostException extends ConflictException {
    public LeaseLostException(String message) {
        super(ErrorCode.LEASE_LOST, message);
    }
}
