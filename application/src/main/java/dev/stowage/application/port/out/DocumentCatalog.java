package dev.stowage.application.port.out;

import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Usage;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Document metadata. The bytes are in a {@link BlobStore}; services write the blob first and the
 * metadata after it, so every document listed here has durable bytes.
 */
public interface DocumentCatalog extends BlobReferences {

    /**
     * Adds a new document (version 1).
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when the owner already has a document
     *         of that name, or the id is taken
     */
    void insert(Document document);

    /** The document, or empty. */
    Optional<Document> find(DocumentId id);

    /** The owner's document of that name, or empty. */
    Optional<Document> findByName(UserId owner, DocumentName name);

    /** One owner's documents, sorted and filtered as the query says. */
    Page<Document> list(UserId owner, DocumentQuery query, PageRequest page);

    /** Every owner's public documents, sorted and filtered as the query says. */
    Page<Document> listPublic(DocumentQuery query, PageRequest page);

    /**
     * Replaces a document's mutable fields (name, file name, MIME type, visibility, metadata, and
     * for a content replacement size, digest and blob) when its version is {@code expectedVersion}.
     * Stores {@code changed} with version {@code expectedVersion + 1}.
     *
     * @return the stored document
     * @throws dev.stowage.domain.error.NotFoundException        when it does not exist
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     * @throws dev.stowage.domain.error.AlreadyExistsException   when the new name is the owner's other document's
     */
    Document update(Document changed, long expectedVersion);

    /**
     * Deletes a document, when at {@code expectedVersion} if one is given.
     *
     * @return the deleted document, or empty if there was none
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     */
    Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion);

    /** How many documents and bytes an owner has. Zero for an owner with none. */
    Usage usage(UserId owner);


    /** Every document, in id order, a page at a time (for consistency checks and backups). */
    Page<Document> all(PageRequest page);

    /** Each document's blob with its recorded size and digest, in id order: {@link #all} read as references. */
    @Override
    default Page<BlobReference> references(PageRequest page) {
        return all(page).map(d -> new BlobReference("document " + d.id(), d.blob(), OptionalLong.of(d.size()),
                Optional.of(d.sha256())));
    }
}
