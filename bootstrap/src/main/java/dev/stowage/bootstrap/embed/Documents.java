package dev.stowage.bootstrap.embed;

import dev.stowage.application.port.in.document.DocumentChange;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.Content;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.UsageReport;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The document store of an embedded Stowage: users' files, each with an owner, streamed in and out.
 * Every operation is done as an {@link Actor}, who decides what it may see and change: the owner
 * may do everything with their documents, anyone may read a public one, and another owner's
 * private document is reported as not found.
 *
 * <p>Each method does what the use case it names does, with the same errors. The overloads that
 * take an owner as a string act as that user ({@link Actor#user(UserId)}, no administrator); they
 * and the other string arguments are checked as their value types check them ({@link UserId},
 * {@link DocumentName}, {@link FileName}, {@link MimeType}), which throw
 * {@link dev.stowage.domain.error.InvalidInputException}.
 */
public final class Documents {
    private final StoreDocumentsUseCase store;
    private final ManageDocumentsUseCase manage;

    public Documents(StoreDocumentsUseCase store, ManageDocumentsUseCase manage) {
        this.store = Objects.requireNonNull(store, "store");
        this.manage = Objects.requireNonNull(manage, "manage");
    }

    /**
     * Streams {@code content} into a new private document of {@code owner}, named as its file and
     * with no metadata. The document exists once its bytes are durable; the caller closes
     * {@code content}.
     *
     * @param fileName the document's name and the file name a download is offered under
     * @throws dev.stowage.domain.error.InvalidInputException  when the owner, the file name or the
     *         MIME type breaks its rule (nothing is stored)
     * @throws dev.stowage.domain.error.AlreadyExistsException when the owner has a document of that name
     * @see StoreDocumentsUseCase#upload
     */
    public Document upload(String owner, String fileName, String mimeType, InputStream content) {
        var command = UploadCommand.of(new DocumentName(fileName), new FileName(fileName), new MimeType(mimeType));
        return upload(user(owner), command, content);
    }

    /** Streams {@code content} into a new document as {@code command} describes. See {@link StoreDocumentsUseCase#upload}. */
    public Document upload(Actor actor, UploadCommand command, InputStream content) {
        return store.upload(actor, command, content);
    }

    /** Replaces a document's bytes at {@code expectedVersion}. See {@link StoreDocumentsUseCase#replaceContent}. */
    public Document replaceContent(Actor actor, DocumentId id, long expectedVersion, UploadCommand command,
                                   InputStream content) {
        return store.replaceContent(actor, id, expectedVersion, command, content);
    }

    /** A document of {@code owner}'s (or a public one): its metadata. */
    public Document get(String owner, DocumentId id) {
        return get(user(owner), id);
    }

    /** A document the actor may read: its metadata. See {@link ManageDocumentsUseCase#get}. */
    public Document get(Actor actor, DocumentId id) {
        return manage.get(actor, id);
    }

    /** A document of {@code owner}'s (or a public one), whole; the caller closes its bytes. */
    public Content download(String owner, DocumentId id) {
        return download(user(owner), id, Optional.empty());
    }

    /** A document the actor may read, whole or a range of it. See {@link ManageDocumentsUseCase#download}. */
    public Content download(Actor actor, DocumentId id, Optional<ByteRange> range) {
        return manage.download(actor, id, range);
    }

    /** The first {@code limit} documents of {@code owner}, newest first; the page's cursor leads on. */
    public Page<Document> list(String owner, int limit) {
        return list(user(owner), DocumentQuery.newestFirst(), PageRequest.first(limit));
    }

    /** The actor's own documents. See {@link ManageDocumentsUseCase#list}. */
    public Page<Document> list(Actor actor, DocumentQuery query, PageRequest page) {
        return manage.list(actor, query, page);
    }

    /** Every owner's public documents. See {@link ManageDocumentsUseCase#listPublic}. */
    public Page<Document> listPublic(DocumentQuery query, PageRequest page) {
        return manage.listPublic(query, page);
    }

    /** Changes a document's metadata at {@code expectedVersion}. See {@link ManageDocumentsUseCase#change}. */
    public Document change(Actor actor, DocumentId id, long expectedVersion, DocumentChange change) {
        return manage.change(actor, id, expectedVersion, change);
    }

    /** Deletes a document of {@code owner}'s, whatever its version, then its bytes. */
    public void delete(String owner, DocumentId id) {
        delete(user(owner), id, Optional.empty());
    }

    /** Deletes a document and then its bytes. See {@link ManageDocumentsUseCase#delete}. */
    public void delete(Actor actor, DocumentId id, Optional<Long> expectedVersion) {
        manage.delete(actor, id, expectedVersion);
    }

    /** An owner's usage and quota. See {@link ManageDocumentsUseCase#usage}. */
    public UsageReport usage(Actor actor, UserId owner) {
        return manage.usage(actor, owner);
    }

    private static Actor user(String owner) {
        return Actor.user(new UserId(owner));
    }
}
