package dev.stowage.domain.error;

/** The caller's expected version is not the current one. */
public final class VersionMismatchException extends ConflictException {
    private final long expected;
    private final long actual;

    public VersionMismatchException(String what, long expected, long actual) {
        super(ErrorCode.VERSION_MISMATCH,
                what + " is at version " + actual + ", not the expected version " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
