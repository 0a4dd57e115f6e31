package dev.stowage.domain.error;

/** A unique name or key is already taken. */
public final class AlreadyExistsException extends ConflictException {
    public AlreadyExistsException(String message) {
        super(ErrorCode.ALREADY_EXISTS, message);
    }
}
