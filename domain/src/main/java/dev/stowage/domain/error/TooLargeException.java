package dev.stowage.domain.error;

/** The input is larger than the configured limit; nothing was stored. */
public final class TooLargeException extends InvalidInputException {
    private final long limit;

    public TooLargeException(String what, long limit) {
        this(what, limit, "bytes");
    }

    /** @param unit what {@code limit} counts, for the message: {@code bytes}, {@code pixels}... */
    public TooLargeException(String what, long limit, String unit) {
        super(ErrorCode.TOO_LARGE, what + " is larger than the limit of " + limit + " " + unit);
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}
