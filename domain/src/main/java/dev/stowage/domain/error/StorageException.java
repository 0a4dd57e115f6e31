package dev.stowage.domain.error;

/**
 * A store failed underneath an operation. Adapters translate vendor errors (SQLite result codes,
 * S3 error codes, {@code IOException}s) into one of the subclasses, so callers never see a driver's
 * exception type.
 */
public abstract sealed class StorageException extends StowageException
        permits StorageFullException, StorageUnavailableException, StorageCorruptException {

    protected StorageException(ErrorCode code, String message, Throwable cause) {
        super(code, message, cause);
    }
}
