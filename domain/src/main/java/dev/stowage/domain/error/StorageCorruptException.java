package dev.stowage.domain.error;

/** A store returned data that fails its own integrity checks. Restore from a backup or run fsck. */
public final class StorageCorruptException extends StorageException {
    public StorageCorruptException(String message, Throwable cause) {
        super(ErrorCode.STORAGE_CORRUPT, message, cause);
    }
}
