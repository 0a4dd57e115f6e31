package dev.stowage.domain.error;

/** Accepting the input would take the owner past their storage quota; nothing was stored. */
public final class QuotaExceededException extends StowageException {
    public QuotaExceededException(String message) {
        super(ErrorCode.QUOTA_EXCEEDED, message, null);
    }
}
