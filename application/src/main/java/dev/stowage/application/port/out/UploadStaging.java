package dev.stowage.application.port.out;

import dev.stowage.domain.document.UploadId;
import java.io.InputStream;

/**
 * Bytes of unfinished resumable uploads. Each upload is an append-only sequence; what a successful
 * {@link #append} returned is durable.
 */
public interface UploadStaging {

    /** Creates an empty staging area. Idempotent. */
    void create(UploadId id);

    /**
     * Writes {@code data} at {@code offset}, streaming, up to {@code maxBytes} bytes. If
     * {@code offset} is before the current end, the bytes from there on are replaced (a retried
     * chunk is harmless); if it is past the end, nothing is written.
     *
     * @return the new length, durable when this returns; when {@code data} ends early or its read
     *         fails with an {@link java.io.IOException} (a client that went away), the bytes
     *         received so far are kept; when its read throws an unchecked exception (a reader that
     *         refuses the chunk), nothing of the chunk is kept and that exception is thrown
     * @throws dev.stowage.domain.error.NotFoundException     when there is no such upload
     * @throws dev.stowage.domain.error.ConflictException     when {@code offset} is past the current end
     * @throws dev.stowage.domain.error.TooLargeException     when the chunk would pass {@code maxBytes}
     * @throws dev.stowage.domain.error.StorageFullException  when the disk is full
     */
    long append(UploadId id, long offset, InputStream data, long maxBytes);

    /** Bytes staged so far; 0 for an upload never created. */
    long length(UploadId id);

    /**
     * Reads everything staged so far.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such upload
     */
    InputStream open(UploadId id);

    /** @return true if deleted, false if there was none. Idempotent. */
    boolean delete(UploadId id);
}
