package dev.stowage.domain.program;

import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.program.ProgramPosition.Reference;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One page of the walk over the blob references of every program and every revision it keeps:
 * programs with an image in id order (each its image, then its thumbnail), then revisions with an
 * image in (program, version) order. The store reads the two walks along its primary keys, each from
 * the cursor's own row on (inclusive), and hands every row here; the walk passes over what the cursor
 * already covered, says when a page and one more are found, and cuts the page.
 *
 * <p>Made afresh for each read (it collects as it goes), after the cursor was decoded with
 * {@link ProgramPosition#reference}, so that a bad cursor is refused before the database is asked.
 */
public final class ProgramReferenceWalk {
    private static final Comparator<Reference> ORDER = Comparator.comparing(Reference::inRevisions)
            .thenComparing(r -> r.program().value()).thenComparingLong(Reference::version).thenComparingInt(Reference::slot);

    private final Optional<Reference> after;
    private final int limit;
    private final List<Located> found;

    /** A reference and where it stands in the walk. */
    private record Located(Reference at, BlobReference reference) {
    }

    /**
     * @param after where the previous page stopped; empty for the first page
     * @param limit the page's size, 1 or more
     */
    public ProgramReferenceWalk(Optional<Reference> after, int limit) {
        this.after = Objects.requireNonNull(after, "after");
        if (limit < 1) {
            throw new IllegalArgumentException("a page holds at least one reference, not " + limit);
        }
        this.limit = limit;
        this.found = new ArrayList<>(limit + 1);
    }

    /** True when the programs' walk is to be read: on the first page, or after a program's reference. */
    public boolean readsPrograms() {
        return after.isEmpty() || !after.get().inRevisions();
    }

    /** The program id the programs' walk starts at (inclusive); empty: from the first. */
    public Optional<ProgramId> programsFrom() {
        return after.map(Reference::program);
    }

    /** True while fewer than a page and one more are found: the revisions' walk is then read too. */
    public boolean wantsMore() {
        return found.size() < limit + 1;
    }

    /**
     * The (program, version) the revisions' walk starts at (inclusive), as a place whose program and
     * version are what count; empty: from the first.
     */
    public Optional<Reference> revisionsFrom() {
        return after.filter(Reference::inRevisions);
    }

    /**
     * How many rows to read from either walk: a row gives one or two references, and the cursor's own
     * row comes back first, so this many rows give a page and one more when there are that many.
     */
    public int rowLimit() {
        return limit + 2;
    }

    /** Takes the references of a program row read from the programs' walk, in walk order. */
    public void addProgram(ProgramId program, long version, Optional<ProgramImage> image) {
        add(false, program, version, "program " + program, image);
    }

    /** Takes the references of a revision row read from the revisions' walk, in walk order. */
    public void addRevision(ProgramId program, long version, Optional<ProgramImage> image) {
        add(true, program, version, "program " + program + " revision " + version, image);
    }

    private void add(boolean inRevisions, ProgramId program, long version, String referrer, Optional<ProgramImage> image) {
        if (image.isEmpty()) {
            return;
        }
        ProgramImage i = image.get();
        List<Located> candidates = new ArrayList<>(2);
        candidates.add(new Located(new Reference(inRevisions, program, version, 0),
                new BlobReference(referrer + " image", i.blob(), OptionalLong.of(i.size()), Optional.of(i.sha256()))));
        i.thumbnail().ifPresent(t -> candidates.add(new Located(new Reference(inRevisions, program, version, 1),
                new BlobReference(referrer + " thumbnail", t, OptionalLong.empty(), Optional.empty()))));
        for (Located c : candidates) {
            if (after.isEmpty() || ORDER.compare(c.at(), after.get()) > 0) {
                found.add(c);
            }
        }
    }

    /** The page: the first {@code limit} references found, with a cursor after the last when more were found. */
    public Page<BlobReference> page() {
        List<Located> items = found.subList(0, Math.min(found.size(), limit));
        List<BlobReference> references = items.stream().map(Located::reference).toList();
        return found.size() > limit
                ? new Page<>(references, Optional.of(ProgramPosition.afterReference(items.get(items.size() - 1).at())))
                : Page.last(references);
    }
}
