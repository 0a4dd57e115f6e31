package dev.stowage.domain.error;

/** The request is well formed but clashes with the current state. */
public sealed class ConflictException extends StowageException
        permits AlreadyExistsException, VersionMismatchException, LeaseLostException, InPlaceRestoreRefusedException {

    /** A state conflict: the operation does not apply to the current state. */
    public ConflictException(String message) {
        super(ErrorCode.STATE_CONFLICT, message, null);
    }

    protected ConflictException(ErrorCode code, String message) {
        super(code, message, null);
    }
}
