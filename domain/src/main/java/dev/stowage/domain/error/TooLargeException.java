package dev.stowage.domain.error;

/** The input is larger than the configured limit; nothing was stored. */
public final class TooLargeException extends InvalidInputException {
    private final long limit;

    public TooLargeException(String what, long limit) {
        super(ErrorCode.TOO_LARGE, what + " is larger than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
