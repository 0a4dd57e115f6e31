package dev.stowage.application.service.document;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.NotFoundException;
import java.util.Objects;

/**
 * Who may see and who may change a document, for the services that store and manage documents: a
 * private document of another owner is not found, so that its existence does not leak.
 */
final class DocumentAccess {
    private final DocumentCatalog catalog;

    DocumentAccess(DocumentCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The document if the actor may read it (its owner, or anyone when it is public). */
    Document readable(Actor actor, DocumentId id) {
        Document doc = catalog.find(id).orElseThrow(() -> notFound(id));
        boolean ok = actor.user().map(doc::readableBy).orElse(doc.visibility() == Visibility.PUBLIC);
        if (!ok) {
            throw notFound(id);
        }
        return doc;
    }

    /** The document if the actor owns it. */
    Document owned(Actor actor, DocumentId id) {
        UserId me = actor.requireUser();
        Document doc = catalog.find(id).orElseThrow(() -> notFound(id));
        if (!doc.owner().equals(me)) {
            // Another owner's document: public ones may be seen but not changed; private ones must not leak.
            if (doc.visibility() == Visibility.PUBLIC) {
                throw new ForbiddenException("document '" + id + "' belongs to another owner");
            }
            throw notFound(id);
        }
        return doc;
    }

    static NotFoundException notFound(DocumentId id) {
        return new NotFoundException("document '" + id + "' not found");
    }
}
