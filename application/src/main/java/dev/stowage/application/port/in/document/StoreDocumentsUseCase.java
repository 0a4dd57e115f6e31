package dev.stowage.application.port.in.document;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import java.io.InputStream;

/** Use case: a user stores a file as a document. */
public interface StoreDocumentsUseCase {

    /**
     * Streams {@code content} into a new document owned by the actor. Size and SHA-256 are computed
     * on the way; the document exists only once its bytes are durable.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException    the owner has a document of that name
     * @throws dev.stowage.domain.error.ChecksumMismatchException the bytes are not what was declared
     * @throws dev.stowage.domain.error.TooLargeException         over the per-document size limit
     * @throws dev.stowage.domain.error.QuotaExceededException    over the owner's quota
     * @throws dev.stowage.domain.error.StorageFullException      the blob store is full
     */
    Document upload(Actor actor, UploadCommand command, InputStream content);

    /**
     * Replaces a document's bytes (and MIME type, file name) when it is at {@code expectedVersion}.
     * Same checks as {@link #upload}; the old bytes are removed once the new ones are in place.
     *
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     */
    Document replaceContent(Actor actor, DocumentId id, long expectedVersion, UploadCommand command, InputStream content);
}
