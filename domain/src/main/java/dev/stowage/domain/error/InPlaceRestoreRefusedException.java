package dev.stowage.domain.error;

/**
 * A restore in place was asked for where none can apply: the live database is not a file a data
 * folder holds (it is on a server), so switching a restored folder in would leave it unchanged and
 * report success. The message names what to do instead. A state conflict: the request is well formed,
 * the configured database is what refuses it.
 */
public final class InPlaceRestoreRefusedException extends ConflictException {

    public InPlaceRestoreRefusedException(String message) {
        super(ErrorCode.STATE_CONFLICT, message);
    }
}
