package dev.stowage.domain.error;

/** The thing asked for does not exist, or the caller may not learn that it does. */
public final class NotFoundException extends StowageException {
    public NotFoundException(String message) {
        super(ErrorCode.NOT_FOUND, message, null);
    }

    /** {@code what 'id' not found}, for the common case. */
    public static NotFoundException of(String what, Object id) {
        return new NotFoundException(what + " '" + id + "' not found");
    }
}
