package dev.stowage.domain.error;

/** The disk or bucket is full. The failed write left nothing partial behind. */
public final class StorageFullException extends StorageException {
    public StorageFullException(String message, Throwable cause) {
        super(ErrorCode.STORAGE_FULL, message, cause);
    }
}
