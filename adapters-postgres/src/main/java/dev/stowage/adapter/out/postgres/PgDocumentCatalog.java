package dev.stowage.adapter.out.postgres;

import dev.stowage.adapter.out.postgres.DataTables.DocumentUsage;
import dev.stowage.adapter.out.postgres.DataTables.Documents;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.EpochTime;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Prefixes;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentPosition.Order;
import dev.stowage.domain.document.DocumentPosition;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.Usage;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.VersionMismatchException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Document metadata in {@code documents} (V2), with usage per owner kept by V2's trigger.
 *
 * <p>Listings page by keyset (sort value, id), strictly after the cursor's pair, so pages never
 * skip or repeat a document however the table changes in between. Names compare under
 * {@code COLLATE "C"}, i.e. by code point, as on SQLite. No cache: several instances share the
 * table, and a cache one instance invalidates would serve another's stale rows.
 */
final class PgDocumentCatalog implements DocumentCatalog {
    // PostgreSQL binds up to 65535 parameters; chunks keep statements small all the same
    static final int REFERENCE_CHUNK = 1000;
    // the partial indexes match this literal; a bound parameter would hide it from the planner
    private static final Field<String> PUBLIC = DSL.inline(Visibility.PUBLIC.name());

    private final Db db;

    PgDocumentCatalog(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(Document document) {
        Checks.present(document, "document");
        Map<Field<?>, Object> row = toRow(document);
        db.write(ctx -> UniqueClashes.explained(ctx,
                () -> ctx.insertInto(Documents.T).set(row).execute(),
                () -> clash(ctx, document, true)));
    }

    @Override
    public Optional<Document> find(DocumentId id) {
        Checks.present(id, "document id");
        return db.read(ctx -> ctx.select(Documents.ALL).from(Documents.T).where(Documents.ID.eq(id.value()))
                .fetchOptional(PgDocumentCatalog::toDocument));
    }

    @Override
    public Optional<Document> findByName(UserId owner, DocumentName name) {
        Checks.present(owner, "owner");
        Checks.present(name, "document name");
        return db.read(ctx -> ctx.select(Documents.ALL).from(Documents.T)
                .where(Documents.OWNER.eq(owner.value()).and(Documents.NAME.eq(name.value())))
                .fetchOptional(PgDocumentCatalog::toDocument));
    }

    @Override
    public Page<Document> list(UserId owner, DocumentQuery query, PageRequest page) {
        Checks.present(owner, "owner");
        return listWhere(Optional.of(owner), query, page);
    }

    @Override
    public Page<Document> listPublic(DocumentQuery query, PageRequest page) {
        return listWhere(Optional.empty(), query, page);
    }

    @Override
    public Document update(Document changed, long expectedVersion) {
        Checks.present(changed, "document");
        String id = changed.id().value();
        long updatedAt = EpochTime.nanos(changed.updatedAt(), "updatedAt");
        StoredText.require(changed.name().value(), "document name");
        StoredText.require(changed.fileName().value(), "file name");
        String metadata = metadataJson(changed.metadata());
        return db.write(ctx -> {
            // owner and creation time stay the stored ones; the version test makes it a compare-and-set,
            // which PostgreSQL re-checks on the latest row when a concurrent writer got there first
            Optional<Document> stored = UniqueClashes.explained(ctx,
                    () -> ctx.update(Documents.T)
                            .set(Documents.NAME, changed.name().value())
                            .set(Documents.FILE_NAME, changed.fileName().value())
                            .set(Documents.MIME_TYPE, changed.mimeType().value())
                            .set(Documents.SIZE, changed.size())
                            .set(Documents.SHA256, changed.sha256().hex())
                            .set(Documents.BLOB_KEY, changed.blob().value())
                            .set(Documents.VISIBILITY, changed.visibility().name())
                            .set(Documents.METADATA, metadata)
                            .set(Documents.VERSION, expectedVersion + 1)
                            .set(Documents.UPDATED_AT, updatedAt)
                            .where(Documents.ID.eq(id).and(Documents.VERSION.eq(expectedVersion)))
                            .returning(Documents.ALL)
                            .fetchOptional(PgDocumentCatalog::toDocument),
                    () -> clash(ctx, changed, false));
            return stored.orElseThrow(() -> missedUpdate(ctx, changed.id(), expectedVersion));
        });
    }

    @Override
    public Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion) {
        Checks.present(id, "document id");
        Checks.present(expectedVersion, "expected version");
        return db.write(ctx -> {
            Condition which = Documents.ID.eq(id.value());
            if (expectedVersion.isPresent()) {
                which = which.and(Documents.VERSION.eq(expectedVersion.get()));
            }
            Optional<Document> deleted = ctx.deleteFrom(Documents.T).where(which).returning(Documents.ALL)
                    .fetchOptional(PgDocumentCatalog::toDocument);
            if (deleted.isEmpty() && expectedVersion.isPresent()) {
                Optional<Long> actual = currentVersion(ctx, id);
                if (actual.isPresent()) {
                    throw new VersionMismatchException("document '" + id + "'", expectedVersion.get(), actual.get());
                }
            }
            return deleted;
        });
    }

    @Override
    public Usage usage(UserId owner) {
        Checks.present(owner, "owner");
        return db.read(ctx -> ctx.select(DocumentUsage.DOCUMENTS, DocumentUsage.BYTES).from(DocumentUsage.T)
                .where(DocumentUsage.OWNER.eq(owner.value()))
                .fetchOptional(r -> new Usage(owner, r.value1(), r.value2()))
                .orElseGet(() -> new Usage(owner, 0, 0)));
    }

    @Override
    public Page<Document> all(PageRequest page) {
        Checks.present(page, "page");
        Optional<DocumentPosition> after = page.after().map(c -> DocumentPosition.of(c, Order.ID, false));
        List<Document> rows = db.read(ctx -> ctx.select(Documents.ALL).from(Documents.T)
                .where(after.map(a -> Documents.ID.gt(a.id().value())).orElse(DSL.noCondition()))
                .orderBy(Documents.ID).limit(page.limit() + 1)
                .fetch(PgDocumentCatalog::toDocument));
        return Page.fromReadAhead(rows, page.limit(), d -> DocumentPosition.after(d, Order.ID, false).cursor());
    }

    @Override
    public Set<BlobKey> referenced(Collection<BlobKey> candidates) {
        Checks.present(candidates, "candidates");
        List<String> keys = candidates.stream().map(BlobKey::value).distinct().toList();
        if (keys.isEmpty()) {
            return Set.of();
        }
        // one snapshot for every chunk, so the answer is as of one moment
        return db.read(ctx -> {
            Set<BlobKey> found = new HashSet<>();
            for (int from = 0; from < keys.size(); from += REFERENCE_CHUNK) {
                List<String> chunk = keys.subList(from, Math.min(keys.size(), from + REFERENCE_CHUNK));
                ctx.select(Documents.BLOB_KEY).from(Documents.T).where(Documents.BLOB_KEY.in(chunk))
                        .fetch(Documents.BLOB_KEY).forEach(k -> found.add(new BlobKey(k)));
            }
            return found;
        });
    }

    // ---- listings

    private Page<Document> listWhere(Optional<UserId> owner, DocumentQuery query, PageRequest page) {
        Checks.present(query, "query");
        Checks.present(page, "page");
        Order order = Order.of(query.sort());
        boolean desc = query.descending();
        // decoded before the read: a bad cursor is the caller's error, not a database one
        Optional<DocumentPosition> after = page.after().map(c -> DocumentPosition.of(c, order, desc));
        Condition where = owner.map(o -> Documents.OWNER.eq(o.value())).orElseGet(() -> Documents.VISIBILITY.eq(PUBLIC))
                .and(mimeFilter(query)).and(prefixFilter(query));
        Field<?> sortColumn = switch (order) {
            case CREATED -> Documents.CREATED_AT;
            case SIZE -> Documents.SIZE;
            case NAME -> Documents.NAME;
            case ID -> throw new IllegalStateException("not a listing order");
        };
        if (after.isPresent()) {
            DocumentPosition a = after.get();
            where = where.and(order == Order.NAME ? after(Documents.NAME, a.text(), a, desc)
                    : after(order == Order.SIZE ? Documents.SIZE : Documents.CREATED_AT, a.number(), a, desc));
        }
        List<SortField<?>> sort = new ArrayList<>();
        sort.add(desc ? sortColumn.desc() : sortColumn.asc());
        sort.add(desc ? Documents.ID.desc() : Documents.ID.asc());
        Condition filter = where;
        List<Document> rows = db.read(ctx -> ctx.select(Documents.ALL).from(Documents.T).where(filter).orderBy(sort)
                .limit(page.limit() + 1).fetch(PgDocumentCatalog::toDocument));
        return Page.fromReadAhead(rows, page.limit(), d -> DocumentPosition.after(d, order, desc).cursor());
    }

    /** Strictly after (value, id) in the listing's direction, as one row-value range on the index. */
    private static <T> Condition after(Field<T> sortColumn, T value, DocumentPosition position, boolean desc) {
        var key = DSL.row(sortColumn, Documents.ID);
        var at = DSL.row(DSL.val(value, sortColumn), DSL.val(position.id().value(), Documents.ID));
        return desc ? key.lt(at) : key.gt(at);
    }

    private static Condition mimeFilter(DocumentQuery query) {
        // a family: every type starting with "image/", as an index range rather than a LIKE
        return query.mimeFamilyPrefix().map(family -> startingWith(Documents.MIME_TYPE, family))
                .or(() -> query.exactMimeType().map(Documents.MIME_TYPE::eq)).orElse(DSL.noCondition());
    }

    private static Condition prefixFilter(DocumentQuery query) {
        return query.namePrefix().map(p -> startingWith(Documents.NAME, StoredText.require(p, "name prefix")))
                .orElse(DSL.noCondition());
    }

    /**
     * Values that start with {@code prefix}, literally ({@code %} and {@code _} are plain
     * characters): {@code >= prefix} and below {@link Prefixes#successor its successor}, one index
     * range under {@code COLLATE "C"}.
     */
    static Condition startingWith(Field<String> column, String prefix) {
        Condition from = column.ge(prefix);
        return Prefixes.successor(prefix).map(column::lt).map(from::and).orElse(from);
    }

    // ---- failures

    /** Which unique key {@code doc} ran into, in words its owner can act on. */
    private static AlreadyExistsException clash(DSLContext ctx, Document doc, boolean inserting) {
        if (inserting && ctx.fetchExists(Documents.T, Documents.ID.eq(doc.id().value()))) {
            return new AlreadyExistsException("document id '" + doc.id() + "' is already taken");
        }
        if (ctx.fetchExists(Documents.T, Documents.OWNER.eq(doc.owner().value())
                .and(Documents.NAME.eq(doc.name().value())).and(Documents.ID.ne(doc.id().value())))) {
            return new AlreadyExistsException("owner '" + doc.owner() + "' already has a document named '"
                    + Checks.printable(doc.name().value()) + "'");
        }
        return new AlreadyExistsException("blob '" + doc.blob() + "' already belongs to another document");
    }

    private static StowageException missedUpdate(DSLContext ctx, DocumentId id, long expectedVersion) {
        return currentVersion(ctx, id)
                .<StowageException>map(actual -> new VersionMismatchException("document '" + id + "'", expectedVersion, actual))
                .orElseGet(() -> NotFoundException.of("document", id));
    }

    private static Optional<Long> currentVersion(DSLContext ctx, DocumentId id) {
        return ctx.select(Documents.VERSION).from(Documents.T).where(Documents.ID.eq(id.value()))
                .fetchOptional(Documents.VERSION);
    }

    // ---- mapping

    static Map<Field<?>, Object> toRow(Document d) {
        Map<Field<?>, Object> r = new LinkedHashMap<>();
        r.put(Documents.ID, d.id().value());
        r.put(Documents.OWNER, d.owner().value());
        r.put(Documents.NAME, StoredText.require(d.name().value(), "document name"));
        r.put(Documents.FILE_NAME, StoredText.require(d.fileName().value(), "file name"));
        r.put(Documents.MIME_TYPE, d.mimeType().value());
        r.put(Documents.SIZE, d.size());
        r.put(Documents.SHA256, d.sha256().hex());
        r.put(Documents.BLOB_KEY, d.blob().value());
        r.put(Documents.VISIBILITY, d.visibility().name());
        r.put(Documents.METADATA, metadataJson(d.metadata()));
        r.put(Documents.VERSION, d.version());
        r.put(Documents.CREATED_AT, EpochTime.nanos(d.createdAt(), "createdAt"));
        r.put(Documents.UPDATED_AT, EpochTime.nanos(d.updatedAt(), "updatedAt"));
        return r;
    }

    /** The metadata as JSON text; a NUL in it is written as the escape {@code \u0000}, which text holds. */
    static String metadataJson(UserMetadata metadata) {
        metadata.entries().forEach((k, v) -> {
            StoredText.require(k.replace('\u0000', ' '), "metadata key");
            StoredText.require(v.replace('\u0000', ' '), "metadata value");
        });
        return metadata.json();
    }

    static Document toDocument(Record r) {
        String id = r.get(Documents.ID);
        return new Document(new DocumentId(id), new UserId(r.get(Documents.OWNER)), new DocumentName(r.get(Documents.NAME)),
                new FileName(r.get(Documents.FILE_NAME)), new MimeType(r.get(Documents.MIME_TYPE)), r.get(Documents.SIZE),
                new Sha256(r.get(Documents.SHA256)), new BlobKey(r.get(Documents.BLOB_KEY)),
                Visibility.valueOf(r.get(Documents.VISIBILITY)), UserMetadata.ofStoredJson(r.get(Documents.METADATA), id),
                r.get(Documents.VERSION), EpochTime.instantOfNanos(r.get(Documents.CREATED_AT)),
                EpochTime.instantOfNanos(r.get(Documents.UPDATED_AT)));
    }
}
