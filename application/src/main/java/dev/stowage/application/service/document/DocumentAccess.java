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
 * private document of another owner is not found, so that its existence does not leak. An
 * administrator may read and delete any owner's document (not change it); each such use of another
 * owner's document is logged at DEBUG with the ids and user names only.
 */
final class DocumentAccess {
    private static final System.Logger LOG = System.getLogger(DocumentAccess.class.getName());
    private final DocumentCatalog catalog;

    DocumentAccess(DocumentCatalog catalog) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
    }

    /** The document if the actor may read it (its owner, an administrator, or anyone when it is public). */
    Document readable(Actor actor, DocumentId id) {
        Document doc = catalog.find(id).orElseThrow(() -> notFound(id));
        boolean ok = actor.user().map(doc::readableBy).orElse(doc.visibility() == Visibility.PUBLIC);
        if (!ok && actor.admin()) {
            audit(actor, "read", doc);
            return doc;
        }
        if (!ok) {
            throw notFound(id);
        }
        return doc;
    }

    /** The document if the actor may delete it: its owner, or an administrator. */
    Document deletable(Actor actor, DocumentId id) {
        if (!actor.admin()) {
            return owned(actor, id);
        }
        Document doc = catalog.find(id).orElseThrow(() -> notFound(id));
        if (!doc.owner().equals(actor.requireUser())) {
            audit(actor, "delete", doc);
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

    private static void audit(Actor actor, String what, Document doc) {
        LOG.log(System.Logger.Level.DEBUG, () -> "administrator '" + actor.requireUser() + "' may " + what
                + " document '" + doc.id() + "' of owner '" + doc.owner() + "'");
    }

    static NotFoundException notFound(DocumentId id) {
        return new NotFoundException("document '" + id + "' not found");
    }
}
