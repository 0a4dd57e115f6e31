package dev.stowage.testing;

import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@link ProgramStore} in memory: for tests, including an application's own tests. Thread-safe;
 * passes {@code ProgramStoreContract}.
 *
 * <p>Listings sort names by Unicode code point (SQLite's BINARY order). An update keeps the stored
 * id and creation time, takes every other field from the changed program, keeps external refs
 * unique as insert does, and saves the replaced state as a revision as it was, image and author
 * included, so a replaced image stays referenced while a revision keeps it. References are served
 * program by program in id order, each program's current image first, then its revisions' from the
 * oldest.
 */
public final class InMemoryProgramStore implements ProgramStore {
    private static final String NAME_CURSOR = "name:";
    private static final String VERSION_CURSOR = "version:";
    private static final String REFERENCE_CURSOR = "reference:";

    private final Map<ProgramId, Program> byId = new HashMap<>();
    private final Map<ProgramName, ProgramId> byName = new HashMap<>();
    private final Map<String, ProgramId> byExternalRef = new HashMap<>();
    private final Map<ProgramId, TreeMap<Long, ProgramRevision>> revisions = new HashMap<>();

    @Override
    public synchronized void insert(Program program) {
        Checks.present(program, "program");
        if (byId.containsKey(program.id())) {
            throw new AlreadyExistsException("program id '" + program.id() + "' is taken");
        }
        checkUnique(program, null);
        byId.put(program.id(), program);
        index(program);
    }

    @Override
    public synchronized Optional<Program> find(ProgramId id) {
        Checks.present(id, "program id");
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Program> findByName(ProgramName name) {
        Checks.present(name, "program name");
        return Optional.ofNullable(byName.get(name)).map(byId::get);
    }

    @Override
    public synchronized Optional<Program> findByExternalRef(String externalRef) {
        Checks.present(externalRef, "external ref");
        return Optional.ofNullable(byExternalRef.get(externalRef)).map(byId::get);
    }

    @Override
    public synchronized Page<Program> list(ProgramQuery query, PageRequest page) {
        Checks.present(query, "query");
        Checks.present(page, "page");
        Optional<String> after = page.after().map(InMemoryProgramStore::decodeNameCursor);
        List<Program> items = byId.values().stream()
                .filter(query::matches)
                .filter(p -> after.isEmpty() || CodePoints.compare(p.name().value(), after.get()) > 0)
                .sorted(Comparator.comparing(p -> p.name().value(), CodePoints::compare))
                .limit(page.limit() + 1L)
                .toList();
        return pageOf(items, page.limit(), p -> new Cursor(NAME_CURSOR + p.name().value()));
    }

    @Override
    public synchronized Program update(Program changed, long expectedVersion) {
        Checks.present(changed, "program");
        Program current = byId.get(changed.id());
        if (current == null) {
            throw NotFoundException.of("program", changed.id());
        }
        if (current.version() != expectedVersion) {
            throw new VersionMismatchException("program '" + current.name() + "'", expectedVersion, current.version());
        }
        checkUnique(changed, current.id());
        Program stored = new Program(current.id(), changed.name(), changed.description(), changed.config(),
                changed.configSchemaVersion(), changed.configSha256(), changed.active(), expectedVersion + 1,
                changed.image(), changed.externalRef(), current.createdAt(), changed.updatedAt(), changed.updatedBy());
        unindex(current);
        byId.put(stored.id(), stored);
        index(stored);
        revisions.computeIfAbsent(current.id(), id -> new TreeMap<>())
                .put(current.version(), ProgramRevision.of(current));
        return stored;
    }

    @Override
    public synchronized Optional<Program> delete(ProgramId id) {
        Checks.present(id, "program id");
        Program removed = byId.remove(id);
        if (removed != null) {
            unindex(removed);
            revisions.remove(id);
        }
        return Optional.ofNullable(removed);
    }

    @Override
    public synchronized Page<ProgramRevision> revisions(ProgramId id, PageRequest page) {
        Checks.present(id, "program id");
        Checks.present(page, "page");
        Optional<Long> before = page.after().map(InMemoryProgramStore::decodeVersionCursor);
        TreeMap<Long, ProgramRevision> kept = revisions.getOrDefault(id, new TreeMap<>());
        Map<Long, ProgramRevision> newestFirst = before.isEmpty()
                ? kept.descendingMap()
                : kept.headMap(before.get(), false).descendingMap();
        List<ProgramRevision> items = newestFirst.values().stream().limit(page.limit() + 1L).toList();
        return pageOf(items, page.limit(), r -> new Cursor(VERSION_CURSOR + r.version()));
    }

    @Override
    public synchronized Optional<ProgramRevision> revision(ProgramId id, long version) {
        Checks.present(id, "program id");
        return Optional.ofNullable(revisions.getOrDefault(id, new TreeMap<>()).get(version));
    }

    @Override
    public synchronized Set<BlobKey> referenced(Collection<BlobKey> candidates) {
        Checks.present(candidates, "candidates");
        Set<BlobKey> used = new HashSet<>();
        for (BlobReference r : allReferences()) {
            used.add(r.blob());
        }
        Set<BlobKey> result = new HashSet<>(candidates);
        result.retainAll(used);
        return result;
    }

    @Override
    public synchronized Page<BlobReference> references(PageRequest page) {
        Checks.present(page, "page");
        // the position is an index into a list rebuilt on every call: good enough for tests, where
        // nothing changes during a walk
        int from = page.after().map(InMemoryProgramStore::decodeReferenceCursor).orElse(0);
        List<BlobReference> all = allReferences();
        int to = (int) Math.min(all.size(), (long) from + page.limit());
        List<BlobReference> items = all.subList(Math.min(from, to), to);
        return to < all.size() ? new Page<>(items, Optional.of(new Cursor(REFERENCE_CURSOR + to))) : Page.last(items);
    }

    /** Every reference, program by program in id order: its current image, then its revisions' oldest first. */
    private List<BlobReference> allReferences() {
        List<BlobReference> all = new ArrayList<>();
        byId.values().stream().sorted(Comparator.comparing(p -> p.id().value())).forEach(p -> {
            p.image().ifPresent(image -> addReferences(all, "program " + p.id(), image));
            revisions.getOrDefault(p.id(), new TreeMap<>()).values().forEach(r -> r.image()
                    .ifPresent(image -> addReferences(all, "program " + p.id() + " revision " + r.version(), image)));
        });
        return all;
    }

    private static void addReferences(List<BlobReference> into, String referrer, ProgramImage image) {
        into.add(new BlobReference(referrer + " image", image.blob(), OptionalLong.of(image.size()), Optional.of(image.sha256())));
        image.thumbnail().ifPresent(t -> into.add(new BlobReference(referrer + " thumbnail", t, OptionalLong.empty(),
                Optional.empty())));
    }

    /** Fails when another program than {@code self} holds the name or the external ref. */
    private void checkUnique(Program p, ProgramId self) {
        ProgramId nameHolder = byName.get(p.name());
        if (nameHolder != null && !nameHolder.equals(self)) {
            throw new AlreadyExistsException("program '" + p.name() + "' already exists");
        }
        if (p.externalRef().isPresent()) {
            ProgramId refHolder = byExternalRef.get(p.externalRef().get());
            if (refHolder != null && !refHolder.equals(self)) {
                throw new AlreadyExistsException("a program with external ref '"
                        + Checks.printable(p.externalRef().get()) + "' already exists");
            }
        }
    }

    private void index(Program p) {
        byName.put(p.name(), p.id());
        p.externalRef().ifPresent(ref -> byExternalRef.put(ref, p.id()));
    }

    private void unindex(Program p) {
        byName.remove(p.name());
        p.externalRef().ifPresent(byExternalRef::remove);
    }

    private static <T> Page<T> pageOf(List<T> items, int limit, Function<T, Cursor> cursorAfter) {
        if (items.size() <= limit) {
            return Page.last(items);
        }
        List<T> shown = List.copyOf(items.subList(0, limit));
        return new Page<>(shown, Optional.of(cursorAfter.apply(shown.get(limit - 1))));
    }

    private static String decodeNameCursor(Cursor cursor) {
        if (!cursor.value().startsWith(NAME_CURSOR)) {
            throw badCursor(cursor);
        }
        try {
            return new ProgramName(cursor.value().substring(NAME_CURSOR.length())).value();
        } catch (InvalidInputException e) {
            throw badCursor(cursor);
        }
    }

    private static long decodeVersionCursor(Cursor cursor) {
        if (!cursor.value().startsWith(VERSION_CURSOR)) {
            throw badCursor(cursor);
        }
        try {
            return Long.parseLong(cursor.value().substring(VERSION_CURSOR.length()));
        } catch (NumberFormatException e) {
            throw badCursor(cursor);
        }
    }

    private static int decodeReferenceCursor(Cursor cursor) {
        if (!cursor.value().startsWith(REFERENCE_CURSOR)) {
            throw badCursor(cursor);
        }
        try {
            int index = Integer.parseInt(cursor.value().substring(REFERENCE_CURSOR.length()));
            if (index < 0) {
                throw badCursor(cursor);
            }
            return index;
        } catch (NumberFormatException e) {
            throw badCursor(cursor);
        }
    }

    private static InvalidInputException badCursor(Cursor cursor) {
        return new InvalidInputException("cursor '" + Checks.printable(cursor.value()) + "' was not issued by this listing");
    }
}
