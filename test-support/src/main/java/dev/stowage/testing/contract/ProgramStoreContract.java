package dev.stowage.testing.contract;

import static dev.stowage.testing.contract.Fixtures.assertNoDuplicates;
import static dev.stowage.testing.contract.Fixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.blob.BlobReference;
import dev.stowage.domain.common.Cursor;
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
import dev.stowage.testing.CodePoints;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link ProgramStore} promises. An adapter's test extends this class and says only how
 * to make a fresh, empty store.
 *
 * <p>"By name" is read as Unicode code-point order (SQLite's BINARY order on UTF-8), ascending.
 * A revision is the replaced program's whole state: image, author and time of that version included.
 */
public abstract class ProgramStoreContract {

    /** A new, empty store. Called once per test. */
    protected abstract ProgramStore newStore();

    /** Cursor text this store cannot decode. Override if the default happens to be valid for it. */
    protected String undecodableCursor() {
        return "\u2603 not a cursor \u2603";
    }

    protected final Fixtures fx = new Fixtures();
    protected ProgramStore store;

    @BeforeEach
    void makeStore() {
        store = newStore();
    }

    // ---- insert and find ----

    @Test
    void anInsertedProgramIsFoundByIdNameAndExternalRef() {
        Program program = fx.program("Quick Preview").description("fast, low resolution")
                .config("{\"resolution\": [640, 480], \"passes\": 1}").configSchemaVersion(3)
                .image(fx.image(true)).externalRef("legacy-17").build();
        store.insert(program);

        assertThat(store.find(program.id())).contains(program);
        assertThat(store.findByName(new ProgramName("Quick Preview"))).contains(program);
        assertThat(store.findByExternalRef("legacy-17")).contains(program);
    }

    @Test
    void findsNothingForAnUnknownIdNameOrExternalRef() {
        store.insert(fx.program("known").externalRef("ref-1").build());

        assertThat(store.find(new ProgramId(fx.nextId()))).isEmpty();
        assertThat(store.findByName(new ProgramName("unknown"))).isEmpty();
        assertThat(store.findByExternalRef("ref-2")).isEmpty();
    }

    @Test
    void aNameCannotBeUsedTwice() {
        Program first = fx.program("Complete Processing").build();
        store.insert(first);
        Program second = fx.program("Complete Processing").build();

        assertThatThrownBy(() -> store.insert(second)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store.find(second.id())).isEmpty();
        assertThat(store.findByName(first.name())).contains(first);
    }

    @Test
    void anIdCannotBeUsedTwice() {
        Program first = fx.program("one").build();
        store.insert(first);

        assertThatThrownBy(() -> store.insert(fx.program("two").id(first.id()).build()))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(store.findByName(new ProgramName("two"))).isEmpty();
    }

    @Test
    void anExternalRefCannotBeUsedTwice() {
        store.insert(fx.program("one").externalRef("legacy-1").build());
        Program clash = fx.program("two").externalRef("legacy-1").build();

        assertThatThrownBy(() -> store.insert(clash)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store.find(clash.id())).isEmpty();
    }

    @Test
    void manyProgramsMayHaveNoExternalRef() {
        Program a = fx.program("a").build();
        Program b = fx.program("b").build();
        store.insert(a);
        store.insert(b);

        assertThat(store.find(a.id())).contains(a);
        assertThat(store.find(b.id())).contains(b);
    }

    // ---- list ----

    @Test
    void listServesEveryProgramOnceByNameAcrossPages() {
        List<Program> all = seedListing();

        assertListing(ProgramQuery.all(), all);
    }

    @Test
    void listCanShowOnlyActivePrograms() {
        List<Program> all = seedListing();

        assertListing(new ProgramQuery(true, Optional.empty()), all.stream().filter(Program::active).toList());
    }

    @Test
    void listSearchesNamesIgnoringCase() {
        seedListing();

        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("PREVIEW")), p), 10))
                .extracting(p -> p.name().value())
                .containsExactly("Preview HD", "Quick Preview", "quick preview (old)");
        assertThat(walk(p -> store.list(new ProgramQuery(true, Optional.of("preview")), p), 1))
                .extracting(p -> p.name().value())
                .containsExactly("Preview HD", "Quick Preview");
        // The search is literal: '%' and '_' are not wildcards, as they would be in SQL LIKE.
        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("%")), p), 10))
                .extracting(p -> p.name().value())
                .containsExactly("100% scan");
        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("0%s")), p), 10)).isEmpty();
        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("_")), p), 10))
                .extracting(p -> p.name().value())
                .containsExactly("snake_case");
    }

    @Test
    void anEmptyStoreListsNothing() {
        var page = store.list(ProgramQuery.all(), PageRequest.first(10));

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void aCursorTheStoreCannotDecodeIsInvalidInput() {
        Program program = fx.program("p").build();
        store.insert(program);
        store.update(fx.edit(program).description("changed").build(), 1);
        PageRequest bad = PageRequest.after(new Cursor(undecodableCursor()), 5);

        assertThatThrownBy(() -> store.list(ProgramQuery.all(), bad)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.revisions(program.id(), bad)).isInstanceOf(InvalidInputException.class);
    }

    // ---- update and revisions ----

    @Test
    void anUpdateStoresTheNextVersionAndKeepsTheReplacedStateAsARevision() {
        Program original = fx.program("Quick Preview").description("v1").config("{\"passes\": 1}").build();
        store.insert(original);
        Program changed = fx.edit(original).name("Quick Preview 2").description("v2").config("{\"passes\": 2}")
                .configSchemaVersion(2).active(false).image(fx.image(false)).updatedAt(fx.at(60)).updatedBy("bo").build();

        Program stored = store.update(changed, 1);

        assertThat(stored).isEqualTo(fx.edit(changed).version(2).build());
        assertThat(store.find(original.id())).contains(stored);
        assertThat(store.findByName(new ProgramName("Quick Preview 2"))).contains(stored);
        assertThat(store.findByName(new ProgramName("Quick Preview"))).isEmpty();
        assertThat(store.revision(original.id(), 1)).hasValueSatisfying(r -> assertRevisionOf(r, original));
        assertThat(store.revision(original.id(), 2)).as("the current version is not a revision").isEmpty();
    }

    @Test
    void theStoredVersionComesFromTheExpectedVersionNotFromTheChangedProgram() {
        Program program = fx.program("p").build();
        store.insert(program);

        assertThat(store.update(fx.edit(program).version(99).description("x").build(), 1).version()).isEqualTo(2);
    }

    @Test
    void revisionsListEveryEarlierStateNewestFirstAcrossPages() {
        Program v1 = fx.program("evolving").config("{\"v\": 1}").build();
        store.insert(v1);
        Program v2 = store.update(fx.edit(v1).config("{\"v\": 2}").updatedAt(fx.at(10)).build(), 1);
        Program v3 = store.update(fx.edit(v2).config("{\"v\": 3}").name("evolved").updatedAt(fx.at(20)).build(), 2);
        Program v4 = store.update(fx.edit(v3).config("{\"v\": 4}").updatedAt(fx.at(30)).build(), 3);

        for (int pageSize : List.of(1, 2, 10)) {
            List<ProgramRevision> revisions = walk(p -> store.revisions(v1.id(), p), pageSize);
            assertThat(revisions).as("page size %d", pageSize).extracting(ProgramRevision::version).containsExactly(3L, 2L, 1L);
            assertRevisionOf(revisions.get(0), v3);
            assertRevisionOf(revisions.get(1), v2);
            assertRevisionOf(revisions.get(2), v1);
        }
        assertThat(store.find(v1.id())).contains(v4);
        assertThat(store.revision(v1.id(), 2)).hasValueSatisfying(r -> assertRevisionOf(r, v2));
    }

    @Test
    void aProgramNeverUpdatedHasNoRevisions() {
        Program program = fx.program("fresh").build();
        store.insert(program);

        assertThat(walk(p -> store.revisions(program.id(), p), 5)).isEmpty();
        assertThat(store.revision(program.id(), 1)).isEmpty();
    }

    @Test
    void anUnknownProgramHasNoRevisions() {
        ProgramId unknown = new ProgramId(fx.nextId());

        assertThat(walk(p -> store.revisions(unknown, p), 5)).isEmpty();
        assertThat(store.revision(unknown, 1)).isEmpty();
    }

    @Test
    void anUpdateAtAStaleVersionFailsChangesNothingAndKeepsNoRevision() {
        Program program = fx.program("p").build();
        store.insert(program);
        Program v2 = store.update(fx.edit(program).description("second").build(), 1);

        assertThatThrownBy(() -> store.update(fx.edit(program).description("lost update").build(), 1))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThat(store.find(program.id())).contains(v2);
        assertThat(walk(p -> store.revisions(program.id(), p), 10)).extracting(ProgramRevision::version).containsExactly(1L);
    }

    @Test
    void anUpdateOfAMissingProgramIsNotFound() {
        Program never = fx.program("ghost").build();

        assertThatThrownBy(() -> store.update(never, 1)).isInstanceOf(NotFoundException.class);
        assertThat(store.find(never.id())).isEmpty();
    }

    @Test
    void anUpdateCannotTakeAnotherProgramsNameAndKeepsNoRevision() {
        Program a = fx.program("a").build();
        Program b = fx.program("b").build();
        store.insert(a);
        store.insert(b);

        assertThatThrownBy(() -> store.update(fx.edit(b).name("a").build(), 1)).isInstanceOf(AlreadyExistsException.class);
        assertThat(store.find(b.id())).contains(b);
        assertThat(store.findByName(new ProgramName("a"))).contains(a);
        assertThat(walk(p -> store.revisions(b.id(), p), 10)).isEmpty();
    }

    @Test
    void aRenameFreesTheOldName() {
        Program program = fx.program("old").build();
        store.insert(program);
        store.update(fx.edit(program).name("new").build(), 1);

        Program reuse = fx.program("old").build();
        store.insert(reuse);

        assertThat(store.findByName(new ProgramName("old"))).contains(reuse);
    }

    @Test
    void concurrentUpdatesAtOneVersionLetExactlyOneWin() {
        Program program = fx.program("contested").build();
        store.insert(program);

        List<Object> outcomes = Fixtures.race(4, i -> () -> store.update(fx.edit(program).description("by " + i).build(), 1));

        assertThat(outcomes).filteredOn(Program.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Program)).allMatch(VersionMismatchException.class::isInstance);
        assertThat(store.find(program.id()).orElseThrow().version()).isEqualTo(2);
        assertThat(walk(p -> store.revisions(program.id(), p), 10)).hasSize(1);
    }

    // ---- delete ----

    @Test
    void deleteReturnsTheProgramAndRemovesItsRevisions() {
        Program program = fx.program("doomed").externalRef("legacy-9").build();
        store.insert(program);
        Program v2 = store.update(fx.edit(program).description("x").build(), 1);
        store.update(fx.edit(v2).description("y").build(), 2);

        Optional<Program> deleted = store.delete(program.id());

        assertThat(deleted).hasValueSatisfying(p -> assertThat(p.version()).isEqualTo(3));
        assertThat(store.find(program.id())).isEmpty();
        assertThat(store.findByName(program.name())).isEmpty();
        assertThat(store.findByExternalRef("legacy-9")).isEmpty();
        assertThat(walk(p -> store.revisions(program.id(), p), 10)).isEmpty();
        assertThat(store.revision(program.id(), 1)).isEmpty();
        assertThat(store.revision(program.id(), 2)).isEmpty();
    }

    @Test
    void deleteFreesTheNameAndExternalRef() {
        Program program = fx.program("recycled").externalRef("legacy-3").build();
        store.insert(program);
        store.delete(program.id());

        Program again = fx.program("recycled").externalRef("legacy-3").build();
        store.insert(again);

        assertThat(store.findByName(program.name())).contains(again);
        assertThat(store.findByExternalRef("legacy-3")).contains(again);
    }

    @Test
    void deleteOfAMissingProgramReturnsEmpty() {
        assertThat(store.delete(new ProgramId(fx.nextId()))).isEmpty();
        Program program = fx.program("once").build();
        store.insert(program);
        store.delete(program.id());
        assertThat(store.delete(program.id())).isEmpty();
    }

    // ---- referenced ----

    @Test
    void referencedReturnsOnlyTheImagesAndThumbnailsSomeProgramUses() {
        ProgramImage withThumbnail = fx.image(true);
        ProgramImage withoutThumbnail = fx.image(false);
        store.insert(fx.program("a").image(withThumbnail).build());
        store.insert(fx.program("b").image(withoutThumbnail).build());
        store.insert(fx.program("c").build());
        BlobKey orphan = fx.blobKey("images");
        BlobKey thumbnail = withThumbnail.thumbnail().orElseThrow();

        assertThat(store.referenced(List.of(withThumbnail.blob(), thumbnail, withoutThumbnail.blob(), orphan)))
                .containsExactlyInAnyOrder(withThumbnail.blob(), thumbnail, withoutThumbnail.blob());
        assertThat(store.referenced(List.of(orphan))).isEmpty();
        assertThat(store.referenced(List.of())).isEmpty();
    }

    @Test
    void aReplacedImageStaysReferencedWhileARevisionKeepsIt() {
        ProgramImage first = fx.image(true);
        ProgramImage second = fx.image(true);
        Program a = fx.program("a").image(first).build();
        store.insert(a);
        BlobKey firstThumbnail = first.thumbnail().orElseThrow();

        Program v2 = store.update(fx.edit(a).image(second).build(), 1);
        store.update(fx.edit(v2).image(null).build(), 2);

        assertThat(store.referenced(List.of(first.blob(), firstThumbnail, second.blob(), second.thumbnail().orElseThrow())))
                .as("revisions 1 and 2 keep both images")
                .containsExactlyInAnyOrder(first.blob(), firstThumbnail, second.blob(), second.thumbnail().orElseThrow());
        assertThat(store.revision(a.id(), 1)).hasValueSatisfying(r -> assertThat(r.image()).contains(first));
        assertThat(store.revision(a.id(), 2)).hasValueSatisfying(r -> assertThat(r.image()).contains(second));
    }

    @Test
    void deletingAProgramFreesTheImagesOfItAndOfItsRevisions() {
        ProgramImage first = fx.image(true);
        ProgramImage second = fx.image(false);
        ProgramImage other = fx.image(false);
        Program a = fx.program("a").image(first).build();
        store.insert(a);
        store.insert(fx.program("b").image(other).build());
        store.update(fx.edit(a).image(second).build(), 1);

        store.delete(a.id());

        assertThat(store.referenced(List.of(first.blob(), first.thumbnail().orElseThrow(), second.blob(), other.blob())))
                .containsExactly(other.blob());
    }

    // ---- references ----

    @Test
    void referencesServeEveryImageAndThumbnailOfProgramsAndRevisionsOnceAcrossPages() {
        ProgramImage a1 = fx.image(true);
        ProgramImage a2 = fx.image(false);
        ProgramImage b1 = fx.image(true);
        Program a = fx.program("a").image(a1).build();
        Program b = fx.program("b").image(b1).build();
        store.insert(a);
        store.insert(b);
        store.insert(fx.program("no image").build());
        Program aV2 = store.update(fx.edit(a).image(a2).build(), 1);
        store.update(fx.edit(aV2).description("image kept").build(), 2);
        store.update(fx.edit(b).image(null).build(), 1);

        List<String> expected = List.of(
                "program " + a.id() + " image " + a2.blob(),
                "program " + a.id() + " revision 1 image " + a1.blob(),
                "program " + a.id() + " revision 1 thumbnail " + a1.thumbnail().orElseThrow(),
                "program " + a.id() + " revision 2 image " + a2.blob(),
                "program " + b.id() + " revision 1 image " + b1.blob(),
                "program " + b.id() + " revision 1 thumbnail " + b1.thumbnail().orElseThrow());
        for (int pageSize : List.of(1, 2, 3, 5, 6, 100)) {
            List<BlobReference> walked = walk(store::references, pageSize);
            assertThat(walked).as("page size %d", pageSize)
                    .extracting(r -> r.referrer() + " " + r.blob())
                    .containsExactlyInAnyOrderElementsOf(expected);
        }
        BlobReference image = walk(store::references, 10).stream()
                .filter(r -> r.blob().equals(a1.blob())).findFirst().orElseThrow();
        assertThat(image.size()).hasValue(a1.size());
        assertThat(image.sha256()).contains(a1.sha256());
        BlobReference thumbnail = walk(store::references, 10).stream()
                .filter(r -> r.blob().equals(a1.thumbnail().orElseThrow())).findFirst().orElseThrow();
        assertThat(thumbnail.size()).isEmpty();
        assertThat(thumbnail.sha256()).isEmpty();
    }

    @Test
    void anEmptyStoreHasNoReferencesAndABadCursorIsInvalidInput() {
        assertThat(walk(store::references, 5)).isEmpty();
        store.insert(fx.program("p").image(fx.image(true)).build());
        store.insert(fx.program("q").image(fx.image(true)).build());
        assertThat(store.references(PageRequest.first(1)).next()).isPresent();

        assertThatThrownBy(() -> store.references(PageRequest.after(new Cursor(undecodableCursor()), 5)))
                .isInstanceOf(InvalidInputException.class);
    }

    // ---- more edges ----

    @Test
    void aPageExactlyAsLongAsWhatIsLeftIsTheLast() {
        for (String name : List.of("a", "b", "c", "d")) {
            store.insert(fx.program(name).build());
        }

        var all = store.list(ProgramQuery.all(), PageRequest.first(4));
        assertThat(all.items()).hasSize(4);
        assertThat(all.next()).as("nothing follows a page that took the last program").isEmpty();

        var first = store.list(ProgramQuery.all(), PageRequest.first(2));
        var second = store.list(ProgramQuery.all(), PageRequest.after(first.next().orElseThrow(), 2));
        assertThat(second.items()).extracting(p -> p.name().value()).containsExactly("c", "d");
        assertThat(second.next()).isEmpty();
        assertThat(store.list(ProgramQuery.all(), PageRequest.first(PageRequest.MAX_LIMIT)).items()).hasSize(4);
    }

    @Test
    void aCursorStaysValidWhenItsProgramIsDeleted() {
        for (String name : List.of("a", "b", "c", "d")) {
            store.insert(fx.program(name).build());
        }
        var first = store.list(ProgramQuery.all(), PageRequest.first(2));
        Program b = store.findByName(new ProgramName("b")).orElseThrow();
        store.delete(b.id());

        var rest = store.list(ProgramQuery.all(), PageRequest.after(first.next().orElseThrow(), 10));

        assertThat(rest.items()).extracting(p -> p.name().value()).containsExactly("c", "d");
    }

    @Test
    void aCursorFromTheListingIsRefusedByTheRevisionsAndTheOtherWayRound() {
        Program p = fx.program("p").build();
        store.insert(fx.program("q").build());
        store.insert(p);
        Program v2 = store.update(fx.edit(p).description("2").build(), 1);
        store.update(fx.edit(v2).description("3").build(), 2);
        var listing = store.list(ProgramQuery.all(), PageRequest.first(1)).next().orElseThrow();
        var revisions = store.revisions(p.id(), PageRequest.first(1)).next().orElseThrow();

        assertThatThrownBy(() -> store.revisions(p.id(), PageRequest.after(listing, 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> store.list(ProgramQuery.all(), PageRequest.after(revisions, 1)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theSearchFoldsCaseBeyondAscii() {
        store.insert(fx.program("Été Inspection").build());
        store.insert(fx.program("Ärger").build());
        store.insert(fx.program("plain").build());

        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("éTÉ")), p), 10))
                .extracting(p -> p.name().value()).containsExactly("Été Inspection");
        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("äRG")), p), 10))
                .extracting(p -> p.name().value()).containsExactly("Ärger");
        assertThat(walk(p -> store.list(new ProgramQuery(false, Optional.of("zzz")), p), 10)).isEmpty();
    }

    @Test
    void anUpdateCannotTakeAnotherProgramsExternalRefAndKeepsNoRevision() {
        Program a = fx.program("a").externalRef("legacy-a").build();
        Program b = fx.program("b").externalRef("legacy-b").build();
        store.insert(a);
        store.insert(b);

        assertThatThrownBy(() -> store.update(fx.edit(b).externalRef("legacy-a").build(), 1))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(store.find(b.id())).contains(b);
        assertThat(store.findByExternalRef("legacy-a")).contains(a);
        assertThat(walk(p -> store.revisions(b.id(), p), 10)).isEmpty();
    }

    @Test
    void anUpdateMayKeepItsOwnNameAndExternalRefAndKeepsTheStoredIdentity() {
        Program p = fx.program("same").externalRef("legacy-1").createdAt(fx.at(0)).build();
        store.insert(p);

        Program stored = store.update(fx.edit(p).description("new").createdAt(fx.at(999)).updatedAt(fx.at(5)).build(), 1);

        assertThat(stored.createdAt()).as("the creation time is the stored one").isEqualTo(p.createdAt());
        assertThat(stored.name()).isEqualTo(p.name());
        assertThat(stored.externalRef()).contains("legacy-1");
        assertThat(stored.updatedAt()).isEqualTo(fx.at(5));
        assertThat(store.findByExternalRef("legacy-1")).contains(stored);
    }

    @Test
    void anUpdateOfADeletedProgramIsNotFoundAndLeavesNoRevision() {
        Program p = fx.program("gone").build();
        store.insert(p);
        store.delete(p.id());

        assertThatThrownBy(() -> store.update(fx.edit(p).description("late").build(), 1)).isInstanceOf(NotFoundException.class);
        assertThat(store.revision(p.id(), 1)).isEmpty();
        assertThat(store.find(p.id())).isEmpty();
    }

    @Test
    void manyRevisionsComeNewestFirstInPagesWithoutGapsAndKeepTheirImages() {
        Program current = fx.program("busy").image(fx.image(true)).build();
        store.insert(current);
        ProgramId id = current.id();
        List<Program> states = new java.util.ArrayList<>(List.of(current));
        for (int v = 1; v <= 12; v++) {
            current = store.update(fx.edit(current).config("{\"v\": " + (v + 1) + "}")
                    .image(v % 3 == 0 ? null : fx.image(v % 2 == 0)).updatedAt(fx.at(v)).build(), v);
            states.add(current);
        }

        for (int pageSize : List.of(1, 5, 12, 13)) {
            List<ProgramRevision> revisions = walk(p -> store.revisions(id, p), pageSize);
            assertThat(revisions).as("page size %d", pageSize).extracting(ProgramRevision::version)
                    .containsExactly(12L, 11L, 10L, 9L, 8L, 7L, 6L, 5L, 4L, 3L, 2L, 1L);
            for (ProgramRevision r : revisions) {
                Program was = states.get((int) r.version() - 1);
                assertRevisionOf(r, was);
                assertThat(r.image()).as("image of revision %d", r.version()).isEqualTo(was.image());
            }
        }
    }

    // ---- helpers ----

    /** Programs whose names tell code-point order from UTF-16 order and from case-insensitive order. */
    private List<Program> seedListing() {
        List<Program> all = List.of(
                fx.program("Quick Preview").build(),
                fx.program("quick preview (old)").active(false).build(),
                fx.program("Preview HD").build(),
                fx.program("Complete Processing").build(),
                fx.program("archive").active(false).build(),
                fx.program("snake_case").build(),
                fx.program("\uff21 fullwidth").build(),
                fx.program("\ud83d\ude00 emoji").active(false).build(),
                fx.program("100% scan").build());
        all.forEach(store::insert);
        return all;
    }

    private void assertListing(ProgramQuery query, List<Program> expected) {
        List<Program> onePage = walk(p -> store.list(query, p), PageRequest.MAX_LIMIT);
        assertNoDuplicates(onePage, Program::id);
        assertThat(onePage).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(onePage).isSortedAccordingTo(Comparator.comparing(p -> p.name().value(), CodePoints::compare));
        for (int pageSize : List.of(1, 2, 4)) {
            assertThat(walk(p -> store.list(query, p), pageSize)).as("page size %d", pageSize).containsExactlyElementsOf(onePage);
        }
    }

    private static void assertRevisionOf(ProgramRevision revision, Program was) {
        assertThat(revision.program()).isEqualTo(was.id());
        assertThat(revision.version()).isEqualTo(was.version());
        assertThat(revision.name()).isEqualTo(was.name());
        assertThat(revision.description()).isEqualTo(was.description());
        assertThat(revision.config()).isEqualTo(was.config());
        assertThat(revision.configSchemaVersion()).isEqualTo(was.configSchemaVersion());
        assertThat(revision.configSha256()).isEqualTo(was.configSha256());
        assertThat(revision).isEqualTo(ProgramRevision.of(was));
    }
}
