package dev.stowage.domain.error;

/** The caller is identified but may not do this. */
public final class ForbiddenException extends StowageException {
    public ForbiddenException(String message) {
        super(ErrorCode.FORBIDDEN, message, null);
    }
}
