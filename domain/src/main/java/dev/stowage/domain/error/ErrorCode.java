package dev.stowage.domain.error;

/**
 * Every failure Stowage reports, as a stable code.
 *
 * <p>Codes are part of the public contract: adapters map them to protocol errors (an HTTP status
 * and a problem type), and callers may switch on them. A code never changes meaning; new codes may
 * be added.
 */
public enum ErrorCode {
    /** The thing asked for does not exist (or the caller may not know that it exists). */
    NOT_FOUND(Category.NOT_FOUND),
    /** A unique name or key is already taken. */
    ALREADY_EXISTS(Category.CONFLICT),
    /** The caller's expected version is not the current one (optimistic concurrency). */
    VERSION_MISMATCH(Category.CONFLICT),
    /** The caller no longer holds the lease it acts under (it expired and was taken over). */
    LEASE_LOST(Category.CONFLICT),
    /** The operation does not apply to the current state (for example retrying a running job). */
    STATE_CONFLICT(Category.CONFLICT),
    /** The caller is known but may not do this. */
    FORBIDDEN(Category.FORBIDDEN),
    /** The caller could not be identified (no or bad credentials). */
    UNAUTHENTICATED(Category.UNAUTHENTICATED),
    /** The input breaks a documented rule (syntax, range, length). */
    INVALID_INPUT(Category.INVALID),
    /** The bytes received do not match the checksum the caller declared. */
    CHECKSUM_MISMATCH(Category.INVALID),
    /** The input is larger than the configured limit. */
    TOO_LARGE(Category.INVALID),
    /** Accepting the input would exceed the owner's quota. */
    QUOTA_EXCEEDED(Category.LIMIT),
    /** The disk or bucket behind a store is full. */
    STORAGE_FULL(Category.STORAGE),
    /** A store could not be reached or is busy beyond its retry budget. */
    STORAGE_UNAVAILABLE(Category.STORAGE),
    /** A store returned data that fails its own integrity checks. */
    STORAGE_CORRUPT(Category.STORAGE);

    /** Coarse families of codes; protocol adapters map one status per category. */
    public enum Category { NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHENTICATED, INVALID, LIMIT, STORAGE }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
