package dev.stowage.adapter.out.sqlite;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Usage;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * A {@link DocumentCatalog} that keeps recently read documents in memory, by id and by (owner,
 * name), in front of the SQLite catalog. Listings, usage and references always go to the database.
 *
 * <h2>Why it never serves a stale document</h2>
 * <ul>
 *   <li><b>Invalidated after the commit.</b> Every write (insert, update, delete) runs in a write
 *       transaction (its own, or the caller's it joins) and registers an action that runs once that
 *       transaction has committed, before its callers are released: it removes every key the write
 *       touched (id, old name, new name). Invalidating earlier would not do: until the commit,
 *       readers still see the old row and could put it back.</li>
 *   <li><b>No late put of an old read.</b> A reader that missed reads the database, then offers the
 *       row to the cache. Between the two a write may have committed and invalidated; the reader's
 *       row is then older than the database. So each key hashes to a stamp that every invalidation
 *       bumps before removing the key; the reader notes the stamp before it reads and puts only if
 *       the stamp is unchanged, checked and put atomically with the removal (both lock the key's
 *       entry in the map). Either the put comes first and the invalidation removes it, or the stamp
 *       has moved and the put is dropped.</li>
 *   <li><b>Transactions bypass it.</b> Inside {@code Transactions.write} a read sees uncommitted
 *       rows; inside {@code Transactions.read}, a snapshot that may be older than the cache. Such
 *       reads neither use nor fill the cache.</li>
 * </ul>
 * Absence is not cached: a miss for an unknown id or name always asks the database.
 */
final class CachedDocumentCatalog implements DocumentCatalog {
    // power of two; more stripes only make it rarer that a write to one key stops caching another
    private static final int STRIPES = 1024;

    /** What the cache is keyed by. */
    sealed interface Key permits ById, ByName {
    }

    record ById(DocumentId id) implements Key {
    }

    record ByName(UserId owner, DocumentName name) implements Key {
    }

    private final DocumentCatalog delegate;
    private final Db db;
    private final Cache<Key, Document> cache;
    private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);

    CachedDocumentCatalog(DocumentCatalog delegate, Db db, Cache<Key, Document> cache) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.db = Objects.requireNonNull(db, "db");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /**
     * A cache bounded by {@code settings}: weighed in estimated bytes, so documents with large
     * metadata count for what they hold. Records statistics for {@link DocumentCacheMetrics}.
     */
    static Cache<Key, Document> newCache(DocumentCacheSettings settings) {
        return Caffeine.newBuilder()
                .maximumWeight(settings.maximumBytes())
                .weigher((Key key, Document doc) -> estimatedBytes(doc))
                .recordStats()
                .build();
    }

    // ---- reads

    @Override
    public Optional<Document> find(DocumentId id) {
        Checks.present(id, "document id");
        return cached(new ById(id), () -> delegate.find(id));
    }

    @Override
    public Optional<Document> findByName(UserId owner, DocumentName name) {
        Checks.present(owner, "owner");
        Checks.present(name, "document name");
        return cached(new ByName(owner, name), () -> delegate.findByName(owner, name));
    }

    private Optional<Document> cached(Key key, Supplier<Optional<Document>> load) {
        if (db.inTransaction()) {
            return load.get();
        }
        Document hit = cache.getIfPresent(key);
        if (hit != null) {
            return Optional.of(hit);
        }
        int stripe = stripe(key);
        long stamp = stamps.get(stripe);
        Optional<Document> loaded = load.get();
        loaded.ifPresent(doc -> cache.asMap().compute(key, (k, current) -> stamps.get(stripe) == stamp ? doc : current));
        return loaded;
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

    // ---- writes

    @Override
    public void insert(Document document) {
        Checks.present(document, "document");
        db.write(ctx -> {
            delegate.insert(document);
            // a name may have been cached for the owner's earlier document of that name
            invalidateAfterCommit(List.of(new ById(document.id()), nameKey(document)));
            return null;
        });
    }

    @Override
    public Document update(Document changed, long expectedVersion) {
        Checks.present(changed, "document");
        return db.write(ctx -> {
            // the old name is cached under its own key; only the stored row knows it
            Optional<Document> before = delegate.find(changed.id());
            Document stored = delegate.update(changed, expectedVersion);
            List<Key> touched = new ArrayList<>(List.of(new ById(stored.id()), nameKey(stored)));
            before.ifPresent(b -> touched.add(nameKey(b)));
            invalidateAfterCommit(touched);
            return stored;
        });
    }

    @Override
    public Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion) {
        Checks.present(id, "document id");
        return db.write(ctx -> {
            Optional<Document> deleted = delegate.delete(id, expectedVersion);
            List<Key> touched = new ArrayList<>(List.of(new ById(id)));
            deleted.ifPresent(d -> touched.add(nameKey(d)));
            invalidateAfterCommit(touched);
            return deleted;
        });
    }

    private void invalidateAfterCommit(List<Key> keys) {
        db.afterCommit(() -> {
            for (Key key : keys) {
                // the stamp first: a reader that checks it after this point drops its older row
                stamps.incrementAndGet(stripe(key));
                cache.invalidate(key);
            }
        });
    }

    private static ByName nameKey(Document doc) {
        return new ByName(doc.owner(), doc.name());
    }

    private static int stripe(Key key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** Roughly what a document and its two keys hold on the heap: its text twice over, plus objects. */
    static int estimatedBytes(Document doc) {
        long chars = doc.name().value().length() + doc.fileName().value().length() + doc.mimeType().value().length()
                + doc.blob().value().length() + 64 + 26 + doc.owner().value().length();
        for (var e : doc.metadata().entries().entrySet()) {
            chars += e.getKey().length() + e.getValue().length() + 16;
        }
        return (int) Math.min(Integer.MAX_VALUE, 2 * chars + 512);
    }
}
