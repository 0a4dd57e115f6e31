package dev.stowage.domain.error;

/** The caller could not be identified: no credentials, or credentials that match nothing. */
public final class UnauthenticatedException extends StowageException {
    public UnauthenticatedException(String message) {
        super(ErrorCode.UNAUTHENTICATED, message, null);
    }
}
