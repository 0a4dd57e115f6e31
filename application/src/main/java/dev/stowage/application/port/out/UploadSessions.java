package dev.stowage.application.port.out;

import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The bookkeeping of resumable uploads (their bytes are in {@link UploadStaging}). */
public interface UploadSessions {

    /** @throws dev.stowage.domain.error.AlreadyExistsException when the id is taken */
    void create(ResumableUpload upload);

    Optional<ResumableUpload> find(UploadId id);

    /**
     * Moves the offset from {@code expectedOffset} to {@code newOffset}.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such upload
     * @throws dev.stowage.domain.error.ConflictException when the offset is no longer {@code expectedOffset}
     */
    ResumableUpload advance(UploadId id, long expectedOffset, long newOffset);

    /** @return true if deleted, false if there was none */
    boolean delete(UploadId id);

    /** Uploads that expired at or before {@code now}, oldest first, at most {@code limit}. */
    List<ResumableUpload> expired(Instant now, int limit);
}
