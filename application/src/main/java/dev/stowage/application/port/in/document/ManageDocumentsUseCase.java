package dev.stowage.application.port.in.document;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Usage;
import java.io.InputStream;
import java.util.Optional;

/**
 * Use case: read, list, change and delete documents. The owner may do everything; anyone may read a
 * public document; an administrator may read (metadata and bytes), list and delete any owner's
 * documents and read any owner's usage, but changes only their own. For anyone else a private
 * document of another owner is reported as not found, so its existence does not leak.
 */
public interface ManageDocumentsUseCase {

    /**
     * A readable document's metadata: the actor's own, a public one, or any for an administrator.
     *
     * @throws dev.stowage.domain.error.NotFoundException otherwise
     */
    Document get(Actor actor, DocumentId id);

    /** Metadata and an open stream of the bytes (the caller closes it). */
    record Content(Document document, InputStream bytes, Optional<ByteRange> range) {
    }

    /**
     * Opens a readable document, whole or a range of it (clipped to its size).
     *
     * @throws dev.stowage.domain.error.NotFoundException     when it is not readable by the actor
     * @throws dev.stowage.domain.error.InvalidInputException when the range starts past the end
     */
    Content download(Actor actor, DocumentId id, Optional<ByteRange> range);

    /** The actor's own documents. */
    Page<Document> list(Actor actor, DocumentQuery query, PageRequest page);

    /**
     * One owner's documents, private ones included: the actor's own, or any owner's for an
     * administrator (the console's documents per owner).
     *
     * @throws dev.stowage.domain.error.ForbiddenException when a user asks for another owner's
     */
    Page<Document> listOf(Actor actor, UserId owner, DocumentQuery query, PageRequest page);

    /** Every owner's public documents (anonymous actors allowed where the caller's policy allows). */
    Page<Document> listPublic(DocumentQuery query, PageRequest page);

    /**
     * Applies a change at {@code expectedVersion}. Only the owner.
     *
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     * @throws dev.stowage.domain.error.AlreadyExistsException   when renaming onto another document's name
     */
    Document change(Actor actor, DocumentId id, long expectedVersion, DocumentChange change);

    /**
     * Deletes a document and then its bytes. The owner, or an administrator for any owner's.
     *
     * @param expectedVersion when present, deletes only at that version
     * @throws dev.stowage.domain.error.NotFoundException  when there is no such document, or (for a user)
     *                                                     it is another owner's private one
     * @throws dev.stowage.domain.error.ForbiddenException when a user asks for another owner's public one
     */
    void delete(Actor actor, DocumentId id, Optional<Long> expectedVersion);

    /** An owner's usage and quota: the actor's own, or any owner's for an administrator. */
    record UsageReport(Usage usage, Optional<Long> quotaBytes) {
    }

    UsageReport usage(Actor actor, UserId owner);
}
