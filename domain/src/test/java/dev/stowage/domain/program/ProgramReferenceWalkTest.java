package dev.stowage.domain.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.ProgramPosition.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The references walk over rows as a store reads them: each walk from the cursor's row on
 * (inclusive), at most {@link ProgramReferenceWalk#rowLimit} rows. Every page size must give every
 * reference once, in walk order, whatever mix of images, thumbnails and imageless rows.
 */
class ProgramReferenceWalkTest {
    private static final ProgramId A = new ProgramId("01HAAAAAAAAAAAAAAAAAAAAAAA");
    private static final ProgramId B = new ProgramId("01HBBBBBBBBBBBBBBBBBBBBBBB");
    private static final ProgramId C = new ProgramId("01HCCCCCCCCCCCCCCCCCCCCCCC");

    /** A program or a revision row: its id, version and image (empty: none). */
    private record Row(ProgramId id, long version, Optional<ProgramImage> image) {
    }

    private final List<Row> programs = List.of(
            new Row(A, 3, image("a3", true)), new Row(B, 1, image("b1", false)), new Row(C, 2, image("c2", true)));
    private final List<Row> revisions = List.of(
            new Row(A, 1, image("a1", true)), new Row(A, 2, Optional.empty()), new Row(B, 1, image("b0", false)),
            new Row(C, 1, image("c1", true)));

    @Test
    void everyPageSizeWalksEveryReferenceOnceInOrder() {
        List<String> all = List.of("program " + A + " image", "program " + A + " thumbnail", "program " + B + " image",
                "program " + C + " image", "program " + C + " thumbnail",
                "program " + A + " revision 1 image", "program " + A + " revision 1 thumbnail",
                "program " + B + " revision 1 image", "program " + C + " revision 1 image",
                "program " + C + " revision 1 thumbnail");
        for (int limit = 1; limit <= all.size() + 1; limit++) {
            List<String> walked = new ArrayList<>();
            Optional<Cursor> cursor = Optional.empty();
            int pages = 0;
            do {
                Page<BlobReference> page = read(cursor.map(ProgramPosition::reference), limit);
                assertThat(page.items()).as("limit %d", limit).isNotEmpty().hasSizeLessThanOrEqualTo(limit);
                page.items().forEach(r -> walked.add(r.referrer()));
                cursor = page.next();
                pages++;
            } while (cursor.isPresent());
            assertThat(walked).as("limit %d", limit).isEqualTo(all);
            assertThat(pages).as("limit %d", limit).isEqualTo((all.size() + limit - 1) / limit);
        }
    }

    @Test
    void anImageKeepsItsFactsAndAThumbnailHasNone() {
        Page<BlobReference> page = read(Optional.empty(), 2);
        assertThat(page.items().get(0)).isEqualTo(new BlobReference("program " + A + " image", new BlobKey("img/a3"),
                OptionalLong.of(10), Optional.of(new Sha256("a".repeat(64)))));
        assertThat(page.items().get(1)).isEqualTo(new BlobReference("program " + A + " thumbnail", new BlobKey("thumb/a3"),
                OptionalLong.empty(), Optional.empty()));
        assertThat(page.next()).contains(ProgramPosition.afterReference(new Reference(false, A, 3, 1)));
    }

    @Test
    void nothingToWalkIsOneEmptyLastPage() {
        ProgramReferenceWalk walk = new ProgramReferenceWalk(Optional.empty(), 5);
        assertThat(walk.readsPrograms()).isTrue();
        assertThat(walk.wantsMore()).isTrue();
        assertThat(walk.page()).isEqualTo(Page.last(List.of()));
    }

    @Test
    void aCursorInTheRevisionsSkipsThePrograms() {
        ProgramReferenceWalk walk = new ProgramReferenceWalk(Optional.of(new Reference(true, B, 1, 0)), 5);
        assertThat(walk.readsPrograms()).isFalse();
        assertThat(walk.revisionsFrom()).contains(new Reference(true, B, 1, 0));
    }

    @Test
    void aPageBelowOneIsRefused() {
        assertThatThrownBy(() -> new ProgramReferenceWalk(Optional.empty(), 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /** One page, read as the stores read it. */
    private Page<BlobReference> read(Optional<Reference> after, int limit) {
        ProgramReferenceWalk walk = new ProgramReferenceWalk(after, limit);
        if (walk.readsPrograms()) {
            programs.stream().filter(r -> walk.programsFrom().map(id -> r.id().value().compareTo(id.value()) >= 0).orElse(true))
                    .filter(r -> r.image().isPresent()).limit(walk.rowLimit())
                    .forEach(r -> walk.addProgram(r.id(), r.version(), r.image()));
        }
        if (walk.wantsMore()) {
            revisions.stream().filter(r -> walk.revisionsFrom().map(from -> {
                        int byId = r.id().value().compareTo(from.program().value());
                        return byId > 0 || byId == 0 && r.version() >= from.version();
                    }).orElse(true))
                    .filter(r -> r.image().isPresent()).limit(walk.rowLimit())
                    .forEach(r -> walk.addRevision(r.id(), r.version(), r.image()));
        }
        return walk.page();
    }

    private static Optional<ProgramImage> image(String name, boolean thumbnail) {
        return Optional.of(new ProgramImage(new BlobKey("img/" + name), new MimeType("image/png"), 10,
                new Sha256("a".repeat(64)), 4, 3, thumbnail ? Optional.of(new BlobKey("thumb/" + name)) : Optional.empty()));
    }
}
