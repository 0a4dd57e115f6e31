package dev.stowage.application.port.in.document;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.ResumableUpload;
import dev.stowage.domain.document.UploadId;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

/**
 * Use case: upload a large file in pieces that survive interruptions (tus 1.0 over HTTP). Only the
 * upload's creator can see or change it; others get not found. An upload becomes a document, or,
 * made with {@link #createBackupArchive}, a backup imported from the archive it carries.
 */
public interface ResumableUploadsUseCase {

    /**
     * Starts an upload of {@code length} bytes that will become the document {@code command}
     * describes. Quota and size limits are checked now, against the declared length.
     */
    ResumableUpload create(Actor actor, UploadCommand command, long length);

    /**
     * Starts a partial upload of {@code length} bytes (tus concatenation): it takes chunks like any
     * upload, but its last byte makes no document; a {@link #concatenate final upload} takes its
     * bytes. The size limit is checked now, the quota only when the final upload is made. A partial
     * upload left unused expires like any other.
     */
    ResumableUpload createPartial(Actor actor, long length);

    /**
     * Makes the final upload of {@code parts}, in that order, and with it the document
     * {@code command} describes: its bytes are the parts' bytes, streamed one after the other, and
     * its size and SHA-256 are those of the whole (checked against {@code command}'s declared
     * digest). Once the document exists the parts are gone; the final upload stays, complete, until
     * it expires, so its status can still be asked for.
     *
     * @throws dev.stowage.domain.error.NotFoundException     when a part does not exist, is another
     *         owner's or has expired
     * @throws dev.stowage.domain.error.InvalidInputException when a part is not a partial upload or
     *         not finished, when none or too many are named, or one twice
     * @throws dev.stowage.domain.error.ChecksumMismatchException when the whole does not match the
     *         declared digest (the parts stay, and expire)
     */
    Concatenated concatenate(Actor actor, UploadCommand command, List<UploadId> parts);

    /**
     * Starts an upload of a backup archive of {@code length} bytes (as a backup's export writes it,
     * plain or gzip): when its last byte arrives, the staged archive is imported as a backup, checked
     * as the import checks any archive, and the upload is gone. An archive the import refuses
     * (invalid, a wrong digest, over a limit, a backup already there) discards the upload; a
     * failure that may pass (storage, another process pruning the target) keeps it, complete, so
     * that appending nothing at its full length tries the import again. Administrators only.
     *
     * @param fileName what the client calls the archive (for its status only)
     * @throws dev.stowage.domain.error.ForbiddenException    for anyone but an administrator
     * @throws dev.stowage.domain.error.InvalidInputException when {@code length} is 0 (an empty
     *         archive holds no backup), or this assembly has no backup service
     * @throws dev.stowage.domain.error.TooLargeException     over {@link #maxArchiveBytes()}
     */
    ResumableUpload createBackupArchive(Actor actor, long length, dev.stowage.domain.document.FileName fileName);

    /** The largest archive {@link #createBackupArchive} takes; 0 when this assembly has no backup service. */
    long maxArchiveBytes();

    record Concatenated(ResumableUpload upload, Document document) {
    }

    /** The upload's state, notably its offset. */
    ResumableUpload status(Actor actor, UploadId id);

    /**
     * Appends a chunk at {@code offset}, which must be the upload's current offset, or an earlier one
     * when a chunk is retried (its bytes are replaced). Bytes past the declared length are refused.
     * When the last byte arrives a plain upload finishes into a document; a partial upload just
     * stays complete, waiting for its final upload.
     *
     * @param chunkSha256 a digest of the chunk the client declared (tus checksum extension)
     * @return the new state, and the document (or, for a backup archive, the backup) once finished
     * @throws dev.stowage.domain.error.ConflictException         when {@code offset} is past the current one
     * @throws dev.stowage.domain.error.ChecksumMismatchException when the chunk is not what was declared
     *         (the chunk is discarded and the offset stays)
     * @throws dev.stowage.domain.error.ForbiddenException        on a final upload, whose bytes come
     *         from its parts
     */
    Progressed append(Actor actor, UploadId id, long offset, InputStream chunk, Optional<dev.stowage.domain.common.Sha256> chunkSha256);

    record Progressed(ResumableUpload upload, Optional<Document> document,
                      Optional<dev.stowage.domain.backup.Backup> backup) {
        /** The state of an upload that becomes a document. */
        public Progressed(ResumableUpload upload, Optional<Document> document) {
            this(upload, document, Optional.empty());
        }
    }

    /** Cancels an upload and frees its bytes (tus termination). Idempotent for its owner. */
    void terminate(Actor actor, UploadId id);
}
