package dev.stowage.domain.error;

/** A store could not be reached, or stayed busy beyond the retry budget. Retrying later may work. */
public final class StorageUnavailableException extends StorageException {
    public StorageUnavailableException(String message, Throwable cause) {
        super(ErrorCode.STORAGE_UNAVAILABLE, message, cause);
    }
}
