package dev.stowage.application.service.document;

import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.QuotaExceededException;
import dev.stowage.domain.error.TooLargeException;
import java.io.InputStream;
import java.time.Clock;
import java.util.Locale;
import java.util.Objects;

/**
 * Stores documents' bytes: bytes first, metadata second. A document becomes visible only in the
 * transaction that records its metadata, after its blob is durable; a failure in between leaves an
 * unreferenced blob, which the consistency check removes. Size limits and the owner's quota are
 * checked here, for plain uploads and (through the package-private methods) resumable ones.
 */
public final class StoreDocumentsService implements StoreDocumentsUseCase {
    private final DocumentCatalog catalog;
    private final BlobStore blobs;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;
    private final DocumentSettings settings;
    private final DocumentAccess access;

    public StoreDocumentsService(DocumentCatalog catalog, BlobStore blobs, Transactions tx, IdGenerator ids, Clock clock,
                                 DocumentSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = new DocumentAccess(catalog);
    }

    /** A fresh, never reused blob key for document bytes. */
    static BlobKey newBlobKey(IdGenerator ids) {
        return new BlobKey("documents/" + ids.next().toLowerCase(Locale.ROOT));
    }

    @Override
    public Document upload(Actor actor, UploadCommand command, InputStream content) {
        UserId owner = actor.requireUser();
        checkNameFree(owner, command.name());
        return commitUploaded(owner, command, putBlob(owner, command, content, 0));
    }

    /**
     * Inserts a document whose bytes are already durable in the blob store (an upload, or a finished
     * resumable upload). The quota is checked again inside the transaction, so that concurrent
     * uploads cannot pass it together; on any failure the blob is deleted.
     */
    Document commitUploaded(UserId owner, UploadCommand command, BlobInfo blob) {
        Document doc = Document.first(new DocumentId(ids.next()), owner, clock.instant())
                .name(command.name()).fileName(command.fileName()).mimeType(command.mimeType())
                .content(blob.size(), blob.sha256(), blob.key()).visibility(command.visibility())
                .metadata(command.metadata()).build();
        try {
            tx.writeVoid(() -> {
                checkQuota(owner, blob.size(), 0);
                catalog.insert(doc);
            });
        } catch (RuntimeException e) {
            blobs.delete(blob.key());
            throw e;
        }
        return doc;
    }

    @Override
    public Document replaceContent(Actor actor, DocumentId id, long expectedVersion, UploadCommand command,
                                   InputStream content) {
        Document current = access.owned(actor, id);
        BlobInfo blob = putBlob(current.owner(), command, content, current.size());
        Document changed = current.nextVersion(expectedVersion, clock.instant())
                .name(command.name()).fileName(command.fileName()).mimeType(command.mimeType())
                .content(blob.size(), blob.sha256(), blob.key()).visibility(command.visibility())
                .metadata(command.metadata()).build();
        Document stored;
        try {
            stored = tx.write(() -> {
                checkQuota(current.owner(), blob.size(), current.size());
                return catalog.update(changed, expectedVersion);
            });
        } catch (RuntimeException e) {
            blobs.delete(blob.key());
            throw e;
        }
        blobs.delete(current.blob());
        return stored;
    }

    /** Room left for {@code owner}, counting {@code replacing} bytes that the new content frees. */
    long roomFor(UserId owner, long replacing) {
        long limit = settings.maxDocumentBytes();
        if (settings.quotaBytesPerOwner().isPresent()) {
            long left = settings.quotaBytesPerOwner().get() - catalog.usage(owner).bytes() + replacing;
            limit = Math.min(limit, Math.max(left, 0));
        }
        return limit;
    }

    /** Checks the quota before accepting bytes whose size is known up front. */
    void checkDeclaredSize(UserId owner, long declared, long replacing) {
        if (declared > settings.maxDocumentBytes()) {
            throw new TooLargeException("document", settings.maxDocumentBytes());
        }
        if (declared > roomFor(owner, replacing)) {
            throw quotaExceeded(owner, declared);
        }
    }

    DocumentSettings settings() {
        return settings;
    }

    private BlobInfo putBlob(UserId owner, UploadCommand command, InputStream content, long replacing) {
        if (command.declaredSize().isPresent()) {
            checkDeclaredSize(owner, command.declaredSize().getAsLong(), replacing);
        }
        long room = roomFor(owner, replacing);
        PutOptions options = new PutOptions(command.declaredSize(), room, command.expectedSha256());
        try {
            return blobs.put(newBlobKey(ids), content, options);
        } catch (TooLargeException e) {
            // The blob store only knows its byte limit; say which limit it was.
            if (room < settings.maxDocumentBytes()) {
                throw quotaExceeded(owner, e.limit() + 1);
            }
            throw new TooLargeException("document", settings.maxDocumentBytes());
        }
    }

    private void checkQuota(UserId owner, long adding, long freeing) {
        if (settings.quotaBytesPerOwner().isEmpty()) {
            return;
        }
        long used = catalog.usage(owner).bytes();
        if (used - freeing + adding > settings.quotaBytesPerOwner().get()) {
            throw quotaExceeded(owner, adding);
        }
    }

    private QuotaExceededException quotaExceeded(UserId owner, long bytes) {
        return new QuotaExceededException("storing " + bytes + " more bytes would take owner '" + owner
                + "' past the quota of " + settings.quotaBytesPerOwner().orElse(0L) + " bytes");
    }

    /** Fails early when the owner already has a document of that name (the insert checks again). */
    void checkNameFree(UserId owner, dev.stowage.domain.document.DocumentName name) {
        if (catalog.findByName(owner, name).isPresent()) {
            throw new AlreadyExistsException("owner '" + owner + "' already has a document named '" + name + "'");
        }
    }
}
