package dev.stowage.testing;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.DocumentQuery.Sort;
import dev.stowage.domain.document.Usage;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.VersionMismatchException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A {@link DocumentCatalog} in memory: for tests, including an application's own tests. It keeps
 * every promise of the port (it passes {@code DocumentCatalogContract}) and is thread-safe; it keeps
 * nothing after the object is gone.
 *
 * <p>Listings sort names by Unicode code point (SQLite's BINARY order) and break ties by id, in the
 * sort's direction. A cursor holds the last item's sort key and id, so a page follows on correctly
 * even when documents are added or removed in between. An update keeps the stored id, owner and
 * creation time and takes every other field from the changed document.
 */
public final class InMemoryDocumentCatalog implements DocumentCatalog {
    private final TreeMap<String, Document> byId = new TreeMap<>();
    private final Map<OwnerName, DocumentId> byName = new HashMap<>();

    private record OwnerName(UserId owner, DocumentName name) {
    }

    @Override
    public synchronized void insert(Document document) {
        Checks.present(document, "document");
        if (byId.containsKey(document.id().value())) {
            throw new AlreadyExistsException("document id '" + document.id() + "' is taken");
        }
        OwnerName key = new OwnerName(document.owner(), document.name());
        if (byName.containsKey(key)) {
            throw nameTaken(document);
        }
        byId.put(document.id().value(), document);
        byName.put(key, document.id());
    }

    @Override
    public synchronized Optional<Document> find(DocumentId id) {
        Checks.present(id, "document id");
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public synchronized Optional<Document> findByName(UserId owner, DocumentName name) {
        Checks.present(owner, "owner");
        Checks.present(name, "document name");
        return Optional.ofNullable(byName.get(new OwnerName(owner, name))).map(id -> byId.get(id.value()));
    }

    @Override
    public synchronized Page<Document> list(UserId owner, DocumentQuery query, PageRequest page) {
        Checks.present(owner, "owner");
        return listWhere(d -> d.owner().equals(owner), query, page);
    }

    @Override
    public synchronized Page<Document> listPublic(DocumentQuery query, PageRequest page) {
        return listWhere(d -> d.visibility() == Visibility.PUBLIC, query, page);
    }

    @Override
    public synchronized Document update(Document changed, long expectedVersion) {
        Checks.present(changed, "document");
        Document current = byId.get(changed.id().value());
        if (current == null) {
            throw NotFoundException.of("document", changed.id());
        }
        if (current.version() != expectedVersion) {
            throw new VersionMismatchException("document '" + current.id() + "'", expectedVersion, current.version());
        }
        OwnerName newKey = new OwnerName(current.owner(), changed.name());
        DocumentId holder = byName.get(newKey);
        if (holder != null && !holder.equals(current.id())) {
            throw nameTaken(changed);
        }
        Document stored = current.nextVersion(expectedVersion, changed.updatedAt())
                .name(changed.name()).fileName(changed.fileName()).mimeType(changed.mimeType())
                .content(changed.size(), changed.sha256(), changed.blob()).visibility(changed.visibility())
                .metadata(changed.metadata()).build();
        byName.remove(new OwnerName(current.owner(), current.name()));
        byName.put(newKey, stored.id());
        byId.put(stored.id().value(), stored);
        return stored;
    }

    @Override
    public synchronized Optional<Document> delete(DocumentId id, Optional<Long> expectedVersion) {
        Checks.present(id, "document id");
        Checks.present(expectedVersion, "expected version");
        Document current = byId.get(id.value());
        if (current == null) {
            return Optional.empty();
        }
        if (expectedVersion.isPresent() && expectedVersion.get() != current.version()) {
            throw new VersionMismatchException("document '" + id + "'", expectedVersion.get(), current.version());
        }
        byId.remove(id.value());
        byName.remove(new OwnerName(current.owner(), current.name()));
        return Optional.of(current);
    }

    @Override
    public synchronized Usage usage(UserId owner) {
        Checks.present(owner, "owner");
        long documents = 0;
        long bytes = 0;
        for (Document d : byId.values()) {
            if (d.owner().equals(owner)) {
                documents++;
                bytes += d.size();
            }
        }
        return new Usage(owner, documents, bytes);
    }

    @Override
    public synchronized Set<BlobKey> referenced(Collection<BlobKey> candidates) {
        Checks.present(candidates, "candidates");
        Set<BlobKey> used = new HashSet<>();
        for (Document d : byId.values()) {
            used.add(d.blob());
        }
        Set<BlobKey> result = new HashSet<>(candidates);
        result.retainAll(used);
        return result;
    }

    @Override
    public synchronized Page<Document> all(PageRequest page) {
        Checks.present(page, "page");
        Map<String, Document> rest = page.after().isEmpty()
                ? byId
                : byId.tailMap(decodeIdCursor(page.after().get()), false);
        List<Document> items = rest.values().stream().limit(page.limit() + 1L).toList();
        return pageOf(items, page.limit(), d -> new Cursor("id:" + d.id()));
    }

    private Page<Document> listWhere(Predicate<Document> visible, DocumentQuery query, PageRequest page) {
        Checks.present(query, "query");
        Checks.present(page, "page");
        Comparator<Position> order = order(query.sort(), query.descending());
        Stream<Document> matching = byId.values().stream()
                .filter(visible)
                .filter(query::matches)
                .sorted(Comparator.comparing(Position::of, order));
        if (page.after().isPresent()) {
            Position after = decodeListCursor(page.after().get(), query);
            matching = matching.filter(d -> order.compare(Position.of(d), after) > 0);
        }
        List<Document> items = matching.limit(page.limit() + 1L).toList();
        return pageOf(items, page.limit(), d -> listCursor(d, query));
    }

    /** Takes {@code limit} of {@code items} (which holds one more when a next page exists). */
    private static Page<Document> pageOf(List<Document> items, int limit, Function<Document, Cursor> cursorAfter) {
        if (items.size() <= limit) {
            return Page.last(items);
        }
        List<Document> shown = List.copyOf(items.subList(0, limit));
        return new Page<>(shown, Optional.of(cursorAfter.apply(shown.get(limit - 1))));
    }

    /** Where a document stands in a listing; a cursor decodes to one, with only its sort's key set. */
    private record Position(Instant createdAt, String name, long size, String id) {
        static Position of(Document d) {
            return new Position(d.createdAt(), d.name().value(), d.size(), d.id().value());
        }
    }

    private static Comparator<Position> order(Sort sort, boolean descending) {
        Comparator<Position> byKey = switch (sort) {
            case CREATED -> Comparator.comparing(Position::createdAt);
            case NAME -> Comparator.comparing(Position::name, CodePoints::compare);
            case SIZE -> Comparator.comparingLong(Position::size);
        };
        Comparator<Position> total = byKey.thenComparing(Position::id);
        return descending ? total.reversed() : total;
    }

    // Cursor: "<sort>-<asc|desc>:<id>:<sort key>". It holds the last item's key, so the next page
    // starts right after that position whatever happened to the item since.
    private static Cursor listCursor(Document last, DocumentQuery query) {
        String key = switch (query.sort()) {
            case CREATED -> last.createdAt().toString();
            case NAME -> last.name().value();
            case SIZE -> Long.toString(last.size());
        };
        return new Cursor(tag(query) + ":" + last.id() + ":" + key);
    }

    private static Position decodeListCursor(Cursor cursor, DocumentQuery query) {
        String text = cursor.value();
        int first = text.indexOf(':');
        int second = first < 0 ? -1 : text.indexOf(':', first + 1);
        if (second < 0 || !text.substring(0, first).equals(tag(query))) {
            throw badCursor(cursor);
        }
        try {
            String id = new DocumentId(text.substring(first + 1, second)).value();
            String key = text.substring(second + 1);
            return switch (query.sort()) {
                case CREATED -> new Position(Instant.parse(key), "", 0, id);
                case NAME -> new Position(Instant.EPOCH, new DocumentName(key).value(), 0, id);
                case SIZE -> new Position(Instant.EPOCH, "", Long.parseLong(key), id);
            };
        } catch (InvalidInputException | DateTimeParseException | NumberFormatException e) {
            throw badCursor(cursor);
        }
    }

    private static String decodeIdCursor(Cursor cursor) {
        if (!cursor.value().startsWith("id:")) {
            throw badCursor(cursor);
        }
        try {
            return new DocumentId(cursor.value().substring(3)).value();
        } catch (InvalidInputException e) {
            throw badCursor(cursor);
        }
    }

    private static String tag(DocumentQuery query) {
        return query.sort().name().toLowerCase(Locale.ROOT) + (query.descending() ? "-desc" : "-asc");
    }

    private static InvalidInputException badCursor(Cursor cursor) {
        return new InvalidInputException("cursor '" + Checks.printable(cursor.value()) + "' was not issued by this listing");
    }

    private static AlreadyExistsException nameTaken(Document d) {
        return new AlreadyExistsException("document '" + d.name() + "' already exists for owner '" + d.owner() + "'");
    }
}
