package dev.stowage.domain.error;

import java.util.Objects;

/**
 * Root of every error Stowage raises on purpose. Unchecked, like jOOQ's {@code DataAccessException}.
 *
 * <p>The hierarchy is sealed so that protocol adapters can map it exhaustively. Messages carry the
 * facts a user needs to act ("document 'report' not found for owner 'ana'") and never a secret.
 */
public abstract sealed class StowageException extends RuntimeException
        permits NotFoundException, ConflictException, ForbiddenException, UnauthenticatedException,
                InvalidInputException, QuotaExceededException, StorageException {

    private final ErrorCode code;

    protected StowageException(ErrorCode code, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The stable code of this error. */
    public ErrorCode code() {
        return code;
    }
}
