package dev.stowage.testing.contract;

import static dev.stowage.testing.contract.Fixtures.assertNoDuplicates;
import static dev.stowage.testing.contract.Fixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
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
import dev.stowage.testing.CodePoints;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every {@link DocumentCatalog} promises. An adapter's test extends this class and says only
 * how to make a fresh, empty catalog.
 *
 * <p>Beyond the port's Javadoc, the listings are held to two readings it leaves open: names sort
 * by Unicode code point (SQLite's BINARY order on UTF-8, not {@link String#compareTo}), and paging
 * through a listing serves exactly the order that one big page would, with no gap even when the
 * item a cursor points after is deleted meanwhile.
 */
public abstract class DocumentCatalogContract {

    /** A new, empty catalog. Called once per test. */
    protected abstract DocumentCatalog newCatalog();

    /** Cursor text this catalog cannot decode. Override if the default happens to be valid for it. */
    protected String undecodableCursor() {
        return "\u2603 not a cursor \u2603";
    }

    protected final Fixtures fx = new Fixtures();
    protected DocumentCatalog catalog;

    private final UserId ana = new UserId("ana");
    private final UserId bob = new UserId("bob");
    private final UserId cleo = new UserId("cleo");

    @BeforeEach
    void makeCatalog() {
        catalog = newCatalog();
    }

    // ---- insert and find ----

    @Test
    void anInsertedDocumentIsFoundByIdAndByOwnerAndName() {
        Document doc = fx.document(ana, "report").mimeType("application/pdf").size(1234)
                .metadata(Map.of("project", "q3")).publicly().build();
        catalog.insert(doc);

        assertThat(catalog.find(doc.id())).contains(doc);
        assertThat(catalog.findByName(ana, new DocumentName("report"))).contains(doc);
    }

    @Test
    void findsNothingForAnUnknownIdOrName() {
        catalog.insert(fx.document(ana, "report").build());

        assertThat(catalog.find(new DocumentId(fx.nextId()))).isEmpty();
        assertThat(catalog.findByName(ana, new DocumentName("other"))).isEmpty();
        assertThat(catalog.findByName(bob, new DocumentName("report"))).isEmpty();
    }

    @Test
    void anOwnerCannotHaveTwoDocumentsOfTheSameName() {
        Document first = fx.document(ana, "report").build();
        catalog.insert(first);
        Document second = fx.document(ana, "report").size(7).build();

        assertThatThrownBy(() -> catalog.insert(second)).isInstanceOf(AlreadyExistsException.class);
        assertThat(catalog.find(second.id())).isEmpty();
        assertThat(catalog.findByName(ana, new DocumentName("report"))).contains(first);
    }

    @Test
    void differentOwnersMayUseTheSameName() {
        Document anas = fx.document(ana, "report").build();
        Document bobs = fx.document(bob, "report").build();
        catalog.insert(anas);
        catalog.insert(bobs);

        assertThat(catalog.findByName(ana, new DocumentName("report"))).contains(anas);
        assertThat(catalog.findByName(bob, new DocumentName("report"))).contains(bobs);
    }

    @Test
    void anIdCannotBeUsedTwice() {
        Document first = fx.document(ana, "report").build();
        catalog.insert(first);
        Document sameId = fx.document(bob, "other").id(first.id()).build();

        assertThatThrownBy(() -> catalog.insert(sameId)).isInstanceOf(AlreadyExistsException.class);
        assertThat(catalog.find(first.id())).contains(first);
        assertThat(catalog.findByName(bob, new DocumentName("other"))).isEmpty();
    }

    @Test
    void concurrentInsertsOfOneNameLetExactlyOneWin() {
        List<Document> contenders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            contenders.add(fx.document(ana, "contested").size(i).build());
        }
        List<Object> outcomes = Fixtures.race(4, i -> () -> {
            catalog.insert(contenders.get(i));
            return "inserted";
        });

        assertThat(outcomes).filteredOn("inserted"::equals).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !"inserted".equals(o)).allMatch(AlreadyExistsException.class::isInstance);
        assertThat(catalog.usage(ana).documents()).isEqualTo(1);
    }

    // ---- update ----

    @Test
    void anUpdateAtTheCurrentVersionStoresTheChangeAsTheNextVersion() {
        Document original = fx.document(ana, "draft").build();
        catalog.insert(original);
        Document changed = fx.edit(original).name("final").fileName("final.pdf").mimeType("application/pdf")
                .size(999).sha256(Fixtures.sha256("new bytes")).blob(fx.blobKey("docs")).publicly()
                .metadata(Map.of("status", "approved")).updatedAt(fx.at(60)).build();

        Document stored = catalog.update(changed, 1);

        assertThat(stored).isEqualTo(fx.edit(changed).version(2).build());
        assertThat(catalog.find(original.id())).contains(stored);
        assertThat(catalog.findByName(ana, new DocumentName("final"))).contains(stored);
        assertThat(catalog.findByName(ana, new DocumentName("draft"))).isEmpty();
    }

    @Test
    void eachUpdateMovesTheVersionOnByOne() {
        Document doc = fx.document(ana, "notes").build();
        catalog.insert(doc);

        Document v2 = catalog.update(fx.edit(doc).size(1).build(), 1);
        Document v3 = catalog.update(fx.edit(v2).size(2).build(), 2);

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v3.version()).isEqualTo(3);
        assertThat(catalog.find(doc.id()).orElseThrow().size()).isEqualTo(2);
    }

    @Test
    void theStoredVersionComesFromTheExpectedVersionNotFromTheChangedDocument() {
        Document doc = fx.document(ana, "notes").build();
        catalog.insert(doc);

        Document stored = catalog.update(fx.edit(doc).version(41).size(5).build(), 1);

        assertThat(stored.version()).isEqualTo(2);
        assertThat(catalog.find(doc.id()).orElseThrow().version()).isEqualTo(2);
    }

    @Test
    void anUpdateAtAStaleVersionFailsAndChangesNothing() {
        Document doc = fx.document(ana, "notes").build();
        catalog.insert(doc);
        Document v2 = catalog.update(fx.edit(doc).size(1).build(), 1);

        assertThatThrownBy(() -> catalog.update(fx.edit(doc).name("renamed").build(), 1))
                .isInstanceOfSatisfying(VersionMismatchException.class, e -> {
                    assertThat(e.expected()).isEqualTo(1);
                    assertThat(e.actual()).isEqualTo(2);
                });
        assertThatThrownBy(() -> catalog.update(fx.edit(doc).name("renamed").build(), 3))
                .isInstanceOf(VersionMismatchException.class);
        assertThat(catalog.find(doc.id())).contains(v2);
        assertThat(catalog.findByName(ana, new DocumentName("renamed"))).isEmpty();
    }

    @Test
    void anUpdateOfAMissingDocumentFailsWithNotFound() {
        Document never = fx.document(ana, "ghost").build();

        assertThatThrownBy(() -> catalog.update(never, 1)).isInstanceOf(NotFoundException.class);
        assertThat(catalog.find(never.id())).isEmpty();
    }

    @Test
    void anUpdateCannotTakeTheNameOfTheOwnersOtherDocument() {
        Document a = fx.document(ana, "a").build();
        Document b = fx.document(ana, "b").build();
        catalog.insert(a);
        catalog.insert(b);

        assertThatThrownBy(() -> catalog.update(fx.edit(b).name("a").build(), 1))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(catalog.find(b.id())).contains(b);
        assertThat(catalog.findByName(ana, new DocumentName("a"))).contains(a);
    }

    @Test
    void anUpdateMayTakeANameThatOnlyAnotherOwnerUses() {
        catalog.insert(fx.document(bob, "shared-name").build());
        Document anas = fx.document(ana, "mine").build();
        catalog.insert(anas);

        Document stored = catalog.update(fx.edit(anas).name("shared-name").build(), 1);

        assertThat(catalog.findByName(ana, new DocumentName("shared-name"))).contains(stored);
    }

    @Test
    void aRenameFreesTheOldName() {
        Document doc = fx.document(ana, "old").build();
        catalog.insert(doc);
        catalog.update(fx.edit(doc).name("new").build(), 1);

        Document reuse = fx.document(ana, "old").build();
        catalog.insert(reuse);

        assertThat(catalog.findByName(ana, new DocumentName("old"))).contains(reuse);
    }

    @Test
    void concurrentUpdatesAtOneVersionLetExactlyOneWin() {
        Document doc = fx.document(ana, "contested").build();
        catalog.insert(doc);

        List<Object> outcomes = Fixtures.race(4, i -> () -> catalog.update(fx.edit(doc).size(1000 + i).build(), 1));

        assertThat(outcomes).filteredOn(Document.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(o -> !(o instanceof Document)).allMatch(VersionMismatchException.class::isInstance);
        Document winner = (Document) outcomes.stream().filter(Document.class::isInstance).findFirst().orElseThrow();
        assertThat(catalog.find(doc.id())).contains(winner);
        assertThat(winner.version()).isEqualTo(2);
    }

    // ---- delete ----

    @Test
    void deleteReturnsTheDocumentAndFreesItsIdAndName() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);

        assertThat(catalog.delete(doc.id(), Optional.empty())).contains(doc);

        assertThat(catalog.find(doc.id())).isEmpty();
        assertThat(catalog.findByName(ana, new DocumentName("report"))).isEmpty();
        Document again = fx.document(ana, "report").build();
        catalog.insert(again);
        assertThat(catalog.findByName(ana, new DocumentName("report"))).contains(again);
    }

    @Test
    void deleteOfAMissingDocumentReturnsEmpty() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);
        catalog.delete(doc.id(), Optional.empty());

        assertThat(catalog.delete(doc.id(), Optional.empty())).isEmpty();
        assertThat(catalog.delete(doc.id(), Optional.of(1L))).isEmpty();
        assertThat(catalog.delete(new DocumentId(fx.nextId()), Optional.empty())).isEmpty();
    }

    @Test
    void deleteAtTheCurrentVersionDeletes() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);
        Document v2 = catalog.update(fx.edit(doc).size(3).build(), 1);

        assertThat(catalog.delete(doc.id(), Optional.of(2L))).contains(v2);
        assertThat(catalog.find(doc.id())).isEmpty();
    }

    @Test
    void deleteAtAStaleVersionFailsAndKeepsTheDocument() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);
        Document v2 = catalog.update(fx.edit(doc).size(3).build(), 1);

        assertThatThrownBy(() -> catalog.delete(doc.id(), Optional.of(1L)))
                .isInstanceOf(VersionMismatchException.class);
        assertThat(catalog.find(doc.id())).contains(v2);
    }

    // ---- usage and references ----

    @Test
    void usageIsZeroForAnOwnerWithNoDocuments() {
        catalog.insert(fx.document(bob, "x").size(10).build());

        assertThat(catalog.usage(ana)).isEqualTo(new Usage(ana, 0, 0));
    }

    @Test
    void usageCountsEachOwnersDocumentsAndBytes() {
        Document a1 = fx.document(ana, "a1").size(100).build();
        catalog.insert(a1);
        catalog.insert(fx.document(ana, "a2").size(23).build());
        catalog.insert(fx.document(ana, "empty").size(0).build());
        catalog.insert(fx.document(bob, "b1").size(5000).build());

        assertThat(catalog.usage(ana)).isEqualTo(new Usage(ana, 3, 123));
        assertThat(catalog.usage(bob)).isEqualTo(new Usage(bob, 1, 5000));

        catalog.update(fx.edit(a1).size(1).build(), 1);
        assertThat(catalog.usage(ana)).isEqualTo(new Usage(ana, 3, 24));

        catalog.delete(a1.id(), Optional.empty());
        assertThat(catalog.usage(ana)).isEqualTo(new Usage(ana, 2, 23));
    }

    @Test
    void referencedReturnsOnlyTheCandidatesSomeDocumentUses() {
        Document a = fx.document(ana, "a").build();
        Document b = fx.document(bob, "b").build();
        catalog.insert(a);
        catalog.insert(b);
        BlobKey orphan = fx.blobKey("docs");
        BlobKey notACandidate = fx.blobKey("docs");
        catalog.insert(fx.document(cleo, "c").blob(notACandidate).build());

        assertThat(catalog.referenced(List.of(a.blob(), orphan, b.blob()))).containsExactlyInAnyOrder(a.blob(), b.blob());
        assertThat(catalog.referenced(List.of(orphan))).isEmpty();
        assertThat(catalog.referenced(List.of())).isEmpty();
    }

    @Test
    void aBlobIsNoLongerReferencedOnceReplacedOrDeleted() {
        Document a = fx.document(ana, "a").build();
        Document b = fx.document(ana, "b").build();
        catalog.insert(a);
        catalog.insert(b);
        BlobKey newBlob = fx.blobKey("docs");

        catalog.update(fx.edit(a).blob(newBlob).build(), 1);
        catalog.delete(b.id(), Optional.empty());

        assertThat(catalog.referenced(Set.of(a.blob(), b.blob(), newBlob))).containsExactly(newBlob);
    }

    // ---- listing ----

    static Stream<Arguments> everySortAndDirection() {
        return Stream.of(Sort.values()).flatMap(s -> Stream.of(Arguments.of(s, false), Arguments.of(s, true)));
    }

    @ParameterizedTest(name = "{0} descending={1}")
    @MethodSource("everySortAndDirection")
    void listServesEveryOwnedDocumentOnceInOrderAcrossPages(Sort sort, boolean descending) {
        List<Document> anas = seedListing();
        DocumentQuery query = new DocumentQuery(sort, descending, Optional.empty(), Optional.empty());

        assertListing(p -> catalog.list(ana, query, p), query, anas);
    }

    @ParameterizedTest(name = "{0} descending={1}")
    @MethodSource("everySortAndDirection")
    void listPublicServesEveryOwnersPublicDocumentsOnceInOrderAcrossPages(Sort sort, boolean descending) {
        seedListing();
        List<Document> everyPublic = allDocuments().stream().filter(d -> d.visibility() == Visibility.PUBLIC).toList();
        assertThat(everyPublic).extracting(Document::owner).contains(ana, bob, cleo);
        DocumentQuery query = new DocumentQuery(sort, descending, Optional.empty(), Optional.empty());

        assertListing(p -> catalog.listPublic(query, p), query, everyPublic);
    }

    @Test
    void listFiltersByExactMimeType() {
        List<Document> anas = seedListing();
        DocumentQuery png = new DocumentQuery(Sort.NAME, false, Optional.of("image/png"), Optional.empty());

        assertListing(p -> catalog.list(ana, png, p), png,
                only(anas, d -> d.mimeType().value().equals("image/png")));
        assertThat(walk(p -> catalog.list(ana, png, p), 100)).isNotEmpty();
    }

    @Test
    void listFiltersByMimeFamily() {
        List<Document> anas = seedListing();
        DocumentQuery images = new DocumentQuery(Sort.SIZE, true, Optional.of("image/*"), Optional.empty());

        List<Document> served = walk(p -> catalog.list(ana, images, p), 2);

        assertThat(served).extracting(d -> d.mimeType().value())
                .isNotEmpty()
                .allMatch(m -> m.startsWith("image/"))
                .doesNotContain("imagex/raw");
        assertListing(p -> catalog.list(ana, images, p), images, only(anas, d -> d.mimeType().type().equals("image")));
    }

    @Test
    void listFiltersByNamePrefixLiterallyAndCaseSensitively() {
        List<Document> anas = seedListing();
        for (String prefix : List.of("a", "A", "a_", "a%", "be", "zzz")) {
            DocumentQuery query = new DocumentQuery(Sort.CREATED, false, Optional.empty(), Optional.of(prefix));
            assertListing(p -> catalog.list(ana, query, p), query, only(anas, d -> d.name().value().startsWith(prefix)));
        }
        DocumentQuery underscore = new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.of("a_"));
        assertThat(walk(p -> catalog.list(ana, underscore, p), 10)).extracting(d -> d.name().value())
                .containsExactly("a_1");
    }

    @Test
    void listCombinesMimeAndNameFilters() {
        List<Document> anas = seedListing();
        DocumentQuery query = new DocumentQuery(Sort.NAME, false, Optional.of("image/*"), Optional.of("b"));

        assertListing(p -> catalog.list(ana, query, p), query,
                only(anas, d -> d.mimeType().type().equals("image") && d.name().value().startsWith("b")));
    }

    @Test
    void listPublicAppliesTheFiltersToo() {
        seedListing();
        DocumentQuery query = new DocumentQuery(Sort.NAME, true, Optional.of("image/*"), Optional.empty());

        assertListing(p -> catalog.listPublic(query, p), query,
                only(allDocuments(), d -> d.visibility() == Visibility.PUBLIC && d.mimeType().type().equals("image")));
    }

    @Test
    void anOwnersListingNeverShowsAnotherOwnersDocuments() {
        seedListing();
        for (UserId owner : List.of(ana, bob, cleo)) {
            for (Sort sort : Sort.values()) {
                DocumentQuery query = new DocumentQuery(sort, false, Optional.empty(), Optional.empty());
                assertThat(walk(p -> catalog.list(owner, query, p), 3))
                        .extracting(Document::owner)
                        .containsOnly(owner);
            }
        }
    }

    @Test
    void anOwnerWithNoDocumentsGetsAnEmptyLastPage() {
        seedListing();
        var page = catalog.list(new UserId("nobody"), DocumentQuery.newestFirst(), PageRequest.first(10));

        assertThat(page.items()).isEmpty();
        assertThat(page.next()).isEmpty();
    }

    @Test
    void listingsFollowVisibilityChanges() {
        Document doc = fx.document(ana, "flip").build();
        catalog.insert(doc);
        DocumentQuery query = DocumentQuery.newestFirst();
        assertThat(walk(p -> catalog.listPublic(query, p), 10)).isEmpty();

        Document published = catalog.update(fx.edit(doc).publicly().build(), 1);
        assertThat(walk(p -> catalog.listPublic(query, p), 10)).containsExactly(published);

        catalog.update(fx.edit(published).visibility(Visibility.PRIVATE).build(), 2);
        assertThat(walk(p -> catalog.listPublic(query, p), 10)).isEmpty();
        assertThat(walk(p -> catalog.list(ana, query, p), 10)).hasSize(1);
    }

    @Test
    void allServesEveryDocumentOnceInIdOrder() {
        seedListing();
        List<Document> expected = allDocuments().stream().sorted(Comparator.comparing(d -> d.id().value())).toList();

        for (int pageSize : List.of(1, 4, 1000)) {
            assertThat(walk(catalog::all, pageSize)).as("page size %d", pageSize).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void anEmptyCatalogListsNothing() {
        assertThat(walk(catalog::all, 5)).isEmpty();
        assertThat(walk(p -> catalog.listPublic(DocumentQuery.newestFirst(), p), 5)).isEmpty();
    }

    @Test
    void aCursorTheCatalogCannotDecodeIsInvalidInput() {
        seedListing();
        PageRequest bad = PageRequest.after(new Cursor(undecodableCursor()), 5);

        assertThatThrownBy(() -> catalog.list(ana, DocumentQuery.newestFirst(), bad)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.listPublic(DocumentQuery.newestFirst(), bad)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.all(bad)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aPageContinuesAfterItsCursorEvenWhenTheLastItemWasDeleted() {
        List<Document> anas = seedListing();
        DocumentQuery query = new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.empty());
        var first = catalog.list(ana, query, PageRequest.first(3));
        catalog.delete(first.items().get(2).id(), Optional.empty());

        List<Document> rest = new ArrayList<>();
        Optional<Cursor> next = first.next();
        while (next.isPresent()) {
            var page = catalog.list(ana, query, PageRequest.after(next.get(), 3));
            rest.addAll(page.items());
            next = page.next();
        }

        List<Document> sorted = anas.stream().sorted(comparator(query)).toList();
        assertThat(rest).containsExactlyElementsOf(sorted.subList(3, sorted.size()));
    }

    // ---- helpers ----

    /**
     * Ana's twelve documents (returned) and some of Bob's and Cleo's, with ties in size and
     * creation time, several MIME families, public and private ones, and names that tell
     * code-point order from UTF-16 order and from case-insensitive order.
     */
    private List<Document> seedListing() {
        List<Document> anas = List.of(
                fx.document(ana, "alpha").mimeType("image/png").size(300).createdAt(fx.at(5)).publicly().build(),
                fx.document(ana, "beta").mimeType("image/jpeg").size(10).createdAt(fx.at(1)).build(),
                fx.document(ana, "beta-2").mimeType("image/png").size(10).createdAt(fx.at(1)).build(),
                fx.document(ana, "Alpha").mimeType("application/pdf").size(10).createdAt(fx.at(3)).build(),
                fx.document(ana, "a_1").mimeType("text/plain").size(0).createdAt(fx.at(3)).publicly().build(),
                fx.document(ana, "ab").mimeType("text/plain").size(7).createdAt(fx.at(3)).build(),
                fx.document(ana, "a%").mimeType("imagex/raw").size(7).createdAt(fx.at(9)).build(),
                fx.document(ana, "\uff21 fullwidth").mimeType("image/svg+xml").size(5000).createdAt(fx.at(2)).publicly().build(),
                fx.document(ana, "\ud83d\ude00 emoji").mimeType("image/gif").size(5000).createdAt(fx.at(2)).build(),
                fx.document(ana, "zulu").mimeType("application/json").size(1).createdAt(fx.at(0)).build(),
                fx.document(ana, "yankee").mimeType("IMAGE/PNG").size(300).createdAt(fx.at(5)).build(),
                fx.document(ana, "x-ray").mimeType("application/octet-stream").size(2).createdAt(fx.at(7)).build());
        anas.forEach(catalog::insert);
        List.of(
                fx.document(bob, "alpha").mimeType("image/png").size(300).createdAt(fx.at(5)).publicly().build(),
                fx.document(bob, "bravo").mimeType("text/plain").size(44).createdAt(fx.at(4)).publicly().build(),
                fx.document(bob, "hidden").mimeType("image/png").size(1).createdAt(fx.at(4)).build(),
                fx.document(cleo, "charlie").mimeType("image/webp").size(10).createdAt(fx.at(1)).publicly().build(),
                fx.document(cleo, "delta").mimeType("application/pdf").size(12).createdAt(fx.at(8)).build())
                .forEach(catalog::insert);
        return anas;
    }

    private List<Document> allDocuments() {
        return walk(catalog::all, 1000);
    }

    private static List<Document> only(List<Document> docs, Predicate<Document> keep) {
        return docs.stream().filter(keep).toList();
    }

    /** The key order the query asks for; ties are left to the store. */
    private static Comparator<Document> comparator(DocumentQuery query) {
        Comparator<Document> byKey = switch (query.sort()) {
            case CREATED -> Comparator.comparing(Document::createdAt);
            case NAME -> Comparator.comparing(d -> d.name().value(), CodePoints::compare);
            case SIZE -> Comparator.comparingLong(Document::size);
        };
        return query.descending() ? byKey.reversed() : byKey;
    }

    /**
     * Walks the listing at several page sizes and checks: exactly {@code expected}, each once, in
     * the query's key order, and the same order at every page size (ties broken the same way).
     */
    private void assertListing(Function<PageRequest, Page<Document>> listing,
                               DocumentQuery query, List<Document> expected) {
        List<Document> onePage = walk(listing, PageRequest.MAX_LIMIT);
        assertNoDuplicates(onePage, Document::id);
        assertThat(onePage).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(onePage).isSortedAccordingTo(comparator(query));
        for (int pageSize : List.of(1, 2, 5)) {
            assertThat(walk(listing, pageSize)).as("page size %d", pageSize).containsExactlyElementsOf(onePage);
        }
    }
}
