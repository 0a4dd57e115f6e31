package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.DOCUMENTS;
import static dev.stowage.adapter.out.sqlite.schema.Tables.DOCUMENT_USAGE;

import dev.stowage.adapter.out.sqlite.engine.Db;
import dev.stowage.adapter.out.sqlite.engine.UniqueClash;
import dev.stowage.adapter.out.sqlite.schema.tables.records.DocumentsRecord;
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
import dev.stowage.domain.document.DocumentPosition;
import dev.stowage.domain.document.DocumentPosition.Order;
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
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.ResultQuery;
import org.jooq.SortField;
import org.jooq.impl.DSL;

/**
 * Document metadata in the {@code documents} table (V3).
 *
 * <p>Listings page by keyset: a cursor holds the last item's sort value and id, and the next page
 * starts strictly after that pair, so pages never skip or repeat an item however the table changes
 * in between, and each page is one index range. Names order by code point (SQLite's BINARY order).
 */
final class SqliteDocumentCatalog implements DocumentCatalog {
    // below SQLite's smallest bound-parameter limit of old builds (999), with room for the rest of the query
    static final int REFERENCE_CHUNK = 500;
    // the partial indexes match this literal only; a bound parameter would hide it from the planner
    private static final Field<String> PUBLIC = DSL.inline(Visibility.PUBLIC.name());

    private final Db db;

    SqliteDocumentCatalog(Db db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public void insert(Document document) {
        Checks.present(document, "document");
        DocumentsRecord row = toRecord(document);
        db.write(ctx -> UniqueClash.explained(
                () -> ctx.insertInto(DOCUMENTS).set(row).execute(),
                () -> clash(ctx, document, true)));
    }

    @Override
    public Optional<Document> find(DocumentId id) {
        Checks.present(id, "document id");
        return db.read(ctx -> ctx.selectFrom(DOCUMENTS).where(DOCUMENTS.ID.eq(id.value()))
                .fetchOptional(SqliteDocumentCatalog::toDocument));
    }

    @Override
    public Optional<Document> findByName(UserId owner, DocumentName name) {
        Checks.present(owner, "owner");
        Checks.present(name, "document name");
        return db.read(ctx -> ctx.selectFrom(DOCUMENTS)
                .where(DOCUMENTS.OWNER.eq(owner.value()).and(DOCUMENTS.NAME.eq(name.value())))
                .fetchOptional(SqliteDocumentCatalog::toDocument));
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
        WellFormedText.require(changed.name().value(), "document name");
        WellFormedText.require(changed.fileName().value(), "file name");
        String metadata = metadataJson(changed.metadata());
        return db.write(ctx -> {
            // owner and creation time are the stored ones: an update cannot move a document between owners
            Optional<Document> stored = UniqueClash.explained(
                    () -> ctx.update(DOCUMENTS)
                            .set(DOCUMENTS.NAME, changed.name().value())
                            .set(DOCUMENTS.FILE_NAME, changed.fileName().value())
                            .set(DOCUMENTS.MIME_TYPE, changed.mimeType().value())
                            .set(DOCUMENTS.SIZE, changed.size())
                            .set(DOCUMENTS.SHA256, changed.sha256().hex())
                            .set(DOCUMENTS.BLOB_KEY, changed.blob().value())
                            .set(DOCUMENTS.VISIBILITY, changed.visibility().name())
                            .set(DOCUMENTS.METADATA, metadata)
                            .set(DOCUMENTS.VERSION, expectedVersion + 1)
                            .set(DOCUMENTS.UPDATED_AT, updatedAt)
                            .where(DOCUMENTS.ID.eq(id).and(DOCUMENTS.VERSION.eq(expectedVersion)))
                            .returning()
                            .fetchOptional(SqliteDocumentCatalog::toDocument),
                    () -> clash(ctx, changed, false));
            return stored.orElseThrow(() -> missedUpdate(ctx, changed.id(), expectedVersion));
        });
    }

    @Override
    public Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion) {
        Checks.present(id, "document id");
        Checks.present(expectedVersion, "expected version");
        return db.write(ctx -> {
            Condition which = DOCUMENTS.ID.eq(id.value());
            if (expectedVersion.isPresent()) {
                which = which.and(DOCUMENTS.VERSION.eq(expectedVersion.get()));
            }
            Optional<Document> deleted = ctx.deleteFrom(DOCUMENTS).where(which).returning()
                    .fetchOptional(SqliteDocumentCatalog::toDocument);
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
        return db.read(ctx -> ctx.select(DOCUMENT_USAGE.DOCUMENTS, DOCUMENT_USAGE.BYTES).from(DOCUMENT_USAGE)
                .where(DOCUMENT_USAGE.OWNER.eq(owner.value()))
                .fetchOptional(r -> new Usage(owner, r.value1(), r.value2()))
                .orElseGet(() -> new Usage(owner, 0, 0)));
    }

    @Override
    public Page<Document> all(PageRequest page) {
        Checks.present(page, "page");
        Optional<DocumentPosition> after = page.after().map(c -> DocumentPosition.of(c, Order.ID, false));
        List<Document> rows = db.read(ctx -> allQuery(ctx, after, page.limit() + 1).fetch(SqliteDocumentCatalog::toDocument));
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
                ctx.select(DOCUMENTS.BLOB_KEY).from(DOCUMENTS).where(DOCUMENTS.BLOB_KEY.in(chunk))
                        .fetch(DOCUMENTS.BLOB_KEY).forEach(k -> found.add(new BlobKey(k)));
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
        List<Document> rows = db.read(ctx -> listQuery(ctx, owner, query, after, page.limit() + 1)
                .fetch(SqliteDocumentCatalog::toDocument));
        return Page.fromReadAhead(rows, page.limit(), d -> DocumentPosition.after(d, order, desc).cursor());
    }

    /**
     * The query behind {@link #list} (with an owner) and {@link #listPublic} (without): at most
     * {@code limit} rows after {@code after}. Package-private so the query-plan test checks the very
     * SQL the store runs.
     */
    static ResultQuery<DocumentsRecord> listQuery(DSLContext ctx, Optional<UserId> owner, DocumentQuery query,
                                                  Optional<DocumentPosition> after, int limit) {
        boolean desc = query.descending();
        boolean oneOwner = owner.isPresent();
        Condition where = owner.map(o -> DOCUMENTS.OWNER.eq(o.value())).orElseGet(() -> DOCUMENTS.VISIBILITY.eq(PUBLIC))
                .and(mimeFilter(query)).and(prefixFilter(query));
        List<SortField<?>> order = new ArrayList<>();
        switch (query.sort()) {
            case CREATED -> {
                where = where.and(after.map(c -> keyset(DOCUMENTS.CREATED_AT, c.number(), c, desc)).orElse(DSL.noCondition()));
                order.add(desc ? DOCUMENTS.CREATED_AT.desc() : DOCUMENTS.CREATED_AT.asc());
            }
            case SIZE -> {
                where = where.and(after.map(c -> keyset(DOCUMENTS.SIZE, c.number(), c, desc)).orElse(DSL.noCondition()));
                order.add(desc ? DOCUMENTS.SIZE.desc() : DOCUMENTS.SIZE.asc());
            }
            case NAME -> {
                if (oneOwner) {
                    // names are unique per owner, so the name alone is the key and (owner, name) the index
                    where = where.and(after.map(c -> desc ? DOCUMENTS.NAME.lt(c.text()) : DOCUMENTS.NAME.gt(c.text()))
                            .orElse(DSL.noCondition()));
                } else {
                    where = where.and(after.map(c -> keyset(DOCUMENTS.NAME, c.text(), c, desc)).orElse(DSL.noCondition()));
                }
                order.add(desc ? DOCUMENTS.NAME.desc() : DOCUMENTS.NAME.asc());
            }
        }
        if (!(query.sort() == DocumentQuery.Sort.NAME && oneOwner)) {
            order.add(desc ? DOCUMENTS.ID.desc() : DOCUMENTS.ID.asc());
        }
        return ctx.selectFrom(DOCUMENTS).where(where).orderBy(order).limit(limit);
    }

    /** The query behind {@link #all}. */
    static ResultQuery<DocumentsRecord> allQuery(DSLContext ctx, Optional<DocumentPosition> after, int limit) {
        Condition from = after.map(c -> DOCUMENTS.ID.gt(c.id().value())).orElse(DSL.noCondition());
        return ctx.selectFrom(DOCUMENTS).where(from).orderBy(DOCUMENTS.ID).limit(limit);
    }

    /** Strictly after (value, id) in the listing's direction, as one row-value range on the index. */
    private static <T> Condition keyset(Field<T> sortColumn, T value, DocumentPosition cursor, boolean desc) {
        var key = DSL.row(sortColumn, DOCUMENTS.ID);
        var at = DSL.row(DSL.val(value, sortColumn), DSL.val(cursor.id().value(), DOCUMENTS.ID));
        return desc ? key.lt(at) : key.gt(at);
    }

    private static Condition mimeFilter(DocumentQuery query) {
        // a family: every type that starts with "image/", as an index range rather than a LIKE
        return query.mimeFamilyPrefix().map(family -> rangeStartingWith(DOCUMENTS.MIME_TYPE, family))
                .or(() -> query.exactMimeType().map(DOCUMENTS.MIME_TYPE::eq)).orElse(DSL.noCondition());
    }

    private static Condition prefixFilter(DocumentQuery query) {
        return query.namePrefix().map(p -> rangeStartingWith(DOCUMENTS.NAME, WellFormedText.require(p, "name prefix")))
                .orElse(DSL.noCondition());
    }

    /**
     * Values that start with {@code prefix}, literally: {@code >= prefix AND < successor}. No LIKE, so
     * {@code %} and {@code _} are plain characters, and the index answers it as one range.
     */
    static Condition rangeStartingWith(Field<String> column, String prefix) {
        Condition from = column.ge(prefix);
        return Prefixes.successor(prefix).map(column::lt).map(from::and).orElse(from);
    }

    // ---- failures

    /** Which unique key {@code doc} ran into, in words its owner can act on. */
    private static AlreadyExistsException clash(DSLContext ctx, Document doc, boolean inserting) {
        if (inserting && ctx.fetchExists(DOCUMENTS, DOCUMENTS.ID.eq(doc.id().value()))) {
            return new AlreadyExistsException("document id '" + doc.id() + "' is already taken");
        }
        if (ctx.fetchExists(DOCUMENTS, DOCUMENTS.OWNER.eq(doc.owner().value())
                .and(DOCUMENTS.NAME.eq(doc.name().value())).and(DOCUMENTS.ID.ne(doc.id().value())))) {
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
        return ctx.select(DOCUMENTS.VERSION).from(DOCUMENTS).where(DOCUMENTS.ID.eq(id.value()))
                .fetchOptional(DOCUMENTS.VERSION);
    }

    // ---- mapping

    private static DocumentsRecord toRecord(Document d) {
        DocumentsRecord r = new DocumentsRecord();
        r.setId(d.id().value());
        r.setOwner(d.owner().value());
        r.setName(WellFormedText.require(d.name().value(), "document name"));
        r.setFileName(WellFormedText.require(d.fileName().value(), "file name"));
        r.setMimeType(d.mimeType().value());
        r.setSize(d.size());
        r.setSha256(d.sha256().hex());
        r.setBlobKey(d.blob().value());
        r.setVisibility(d.visibility().name());
        r.setMetadata(metadataJson(d.metadata()));
        r.setVersion(d.version());
        r.setCreatedAt(EpochTime.nanos(d.createdAt(), "createdAt"));
        r.setUpdatedAt(EpochTime.nanos(d.updatedAt(), "updatedAt"));
        return r;
    }

    static String metadataJson(UserMetadata metadata) {
        return metadata.json();
    }

    private static Document toDocument(DocumentsRecord r) {
        return new Document(new DocumentId(r.getId()), new UserId(r.getOwner()), new DocumentName(r.getName()),
                new FileName(r.getFileName()), new MimeType(r.getMimeType()), r.getSize(), new Sha256(r.getSha256()),
                new BlobKey(r.getBlobKey()), Visibility.valueOf(r.getVisibility()),
                UserMetadata.ofStoredJson(r.getMetadata(), r.getId()), r.getVersion(),
                EpochTime.instantOfNanos(r.getCreatedAt()), EpochTime.instantOfNanos(r.getUpdatedAt()));
    }
}
