package dev.stowage.application.service.document;

import dev.stowage.application.port.in.document.DocumentChange;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.error.ForbiddenException;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads, lists, changes and deletes documents. Deletion goes the other way from storing: metadata
 * first, then bytes, so no reader can reach bytes that are being deleted.
 */
public final class ManageDocumentsService implements ManageDocumentsUseCase {
    private final DocumentCatalog catalog;
    private final BlobStore blobs;
    private final Clock clock;
    private final DocumentSettings settings;
    private final DocumentAccess access;

    public ManageDocumentsService(DocumentCatalog catalog, BlobStore blobs, Clock clock, DocumentSettings settings) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.blobs = Objects.requireNonNull(blobs, "blobs");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.access = new DocumentAccess(catalog);
    }

    @Override
    public Document get(Actor actor, DocumentId id) {
        return access.readable(actor, id);
    }

    @Override
    public Content download(Actor actor, DocumentId id, Optional<ByteRange> range) {
        Document doc = access.readable(actor, id);
        if (range.isEmpty()) {
            return new Content(doc, blobs.open(doc.blob()), Optional.empty());
        }
        ByteRange clipped = range.get().clip(doc.size());
        return new Content(doc, blobs.open(doc.blob(), clipped), Optional.of(clipped));
    }

    @Override
    public Page<Document> list(Actor actor, DocumentQuery query, PageRequest page) {
        return catalog.list(actor.requireUser(), query, page);
    }

    @Override
    public Page<Document> listOf(Actor actor, UserId owner, DocumentQuery query, PageRequest page) {
        Objects.requireNonNull(owner, "owner");
        mayReadOwner(actor, owner, "list another owner's documents");
        return catalog.list(owner, query, page);
    }

    private static void mayReadOwner(Actor actor, UserId owner, String what) {
        UserId me = actor.requireUser();
        if (!me.equals(owner) && !actor.admin()) {
            throw new ForbiddenException("only an administrator may " + what);
        }
    }

    @Override
    public Page<Document> listPublic(DocumentQuery query, PageRequest page) {
        return catalog.listPublic(query, page);
    }

    @Override
    public Document change(Actor actor, DocumentId id, long expectedVersion, DocumentChange change) {
        Document current = access.owned(actor, id);
        Document changed = current.nextVersion(expectedVersion, clock.instant())
                .name(change.name().orElse(current.name())).fileName(change.fileName().orElse(current.fileName()))
                .mimeType(change.mimeType().orElse(current.mimeType()))
                .visibility(change.visibility().orElse(current.visibility()))
                .metadata(change.metadata().orElse(current.metadata())).build();
        return catalog.update(changed, expectedVersion);
    }

    @Override
    public void delete(Actor actor, DocumentId id, Optional<Long> expectedVersion) {
        Document current = access.deletable(actor, id);
        Optional<Document> deleted = catalog.delete(current.id(), expectedVersion);
        // Metadata is gone first: no reader can reach the bytes any more, so deleting them is safe.
        // Should this step fail, the blob is an orphan that the consistency check removes.
        deleted.ifPresent(d -> blobs.delete(d.blob()));
        if (deleted.isEmpty()) {
            throw DocumentAccess.notFound(id);
        }
    }

    @Override
    public UsageReport usage(Actor actor, UserId owner) {
        mayReadOwner(actor, owner, "see another owner's usage");
        return new UsageReport(catalog.usage(owner), settings.quotaBytesPerOwner());
    }
}
