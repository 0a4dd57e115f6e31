package dev.stowage.application.port.in.document;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadId;
import java.io.InputStream;
import java.util.Optional;

/**
 * Use case: upload a large file in pieces that survive interruptions (tus 1.0 over HTTP). Only the
 * upload's creator can see or change it; others get not found.
 */
public interface ResumableUploadsUseCase {

    /**
     * Starts an upload of {@code length} bytes that will become the document {@code command}
     * describes. Quota and size limits are checked now, against the declared length.
     */
    ResumableUpload create(Actor actor, UploadCommand command, long length);

    /** The upload's state, notably its offset. */
    ResumableUpload status(Actor actor, UploadId id);

    /**
     * Appends a chunk at {@code offset}, which must be the upload's current offset, or an earlier one
     * when a chunk is retried (its bytes are replaced). Bytes past the declared length are refused.
     * When the last byte arrives the upload finishes into a document.
     *
     * @param chunkSha256 a digest of the chunk the client declared (tus checksum extension)
     * @return the new state, and the document once finished
     * @throws dev.stowage.domain.error.ConflictException         when {@code offset} is past the current one
     * @throws dev.stowage.domain.error.ChecksumMismatchException when the chunk is not what was declared
     *         (the chunk is discarded and the offset stays)
     */
    Progressed append(Actor actor, UploadId id, long offset, InputStream chunk, Optional<dev.stowage.domain.common.Sha256> chunkSha256);

    record Progressed(ResumableUpload upload, Optional<Document> document) {
    }

    /** Cancels an upload and frees its bytes (tus termination). Idempotent for its owner. */
    void terminate(Actor actor, UploadId id);
}
