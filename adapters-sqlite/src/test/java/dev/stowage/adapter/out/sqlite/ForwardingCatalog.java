package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Usage;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** A catalog that passes every call on, for tests to override the one they want to watch. */
class ForwardingCatalog implements DocumentCatalog {
    private final DocumentCatalog delegate;

    ForwardingCatalog(DocumentCatalog delegate) {
        this.delegate = delegate;
    }

    @Override
    public void insert(Document document) {
        delegate.insert(document);
    }

    @Override
    public Optional<Document> find(DocumentId id) {
        return delegate.find(id);
    }

    @Override
    public Optional<Document> findByName(UserId owner, DocumentName name) {
        return delegate.findByName(owner, name);
    }

    @Override
    public Page<Document> list(UserId owner, DocumentQuery query, PageRequest page) {
        return delegate.list(owner, query, page);
    }

    @Override
    public Page<Document> listPublic(DocumentQuery query, PageRequest page) {
        return delegate.listPublic(query, page);
    }

    @Override
    public Document update(Document changed, long expectedVersion) {
        return delegate.update(changed, expectedVersion);
    }

    @Override
    public Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion) {
        return delegate.delete(id, expectedVersion);
    }

    @Override
    public Usage usage(UserId owner) {
        return delegate.usage(owner);
    }

    @Override
    public Page<Document> all(PageRequest page) {
        return delegate.all(page);
    }

    @Override
    public Set<BlobKey> referenced(Collection<BlobKey> candidates) {
        return delegate.referenced(candidates);
    }
}
