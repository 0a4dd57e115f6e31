package dev.stowage.adapter.out.sqlite;

import static dev.stowage.adapter.out.sqlite.schema.Tables.DOCUMENTS;
import static dev.stowage.testing.contract.Fixtures.walk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Cursor;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentQuery.Sort;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Usage;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.contract.DocumentCatalogContract;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDocumentCatalogTest extends DocumentCatalogContract {
    @TempDir
    Path dir;
    TestEngine test;

    private final UserId ana = new UserId("ana");
    private final UserId bob = new UserId("bob");

    @Override
    protected DocumentCatalog newCatalog() {
        test = TestEngine.started(dir);
        return new SqliteDocumentCatalog(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    static final List<String> HOSTILE_NAMES = List.of(
            "it's \"quoted\"", "'); DROP TABLE documents; --", "100%", "a_b", "%", "_", "back\\slash",
            "\u00e9t\u00e9 \u65e5\u672c\u8a9e \u0645\u0631\u062d\u0628\u0627 \u202eevil", "e\u0301 combining",
            "\ud83d\ude00\ud83d\udc4d emoji", "x".repeat(255), "\u65e5".repeat(255), "\ud83d\ude00".repeat(127) + "z");

    @Test
    void hostileNamesAndMetadataAreStoredAndReturnedVerbatim() {
        List<Document> docs = new ArrayList<>();
        for (String name : HOSTILE_NAMES) {
            Document doc = fx.document(ana, name).fileName(name.length() > 200 ? "f.bin" : name.replace('\\', '-'))
                    .metadata(Map.of("note", name.length() > 1024 ? "long" : name, "json", "\"}]\\u0000{"))
                    .publicly().build();
            catalog.insert(doc);
            docs.add(doc);
        }

        for (Document doc : docs) {
            assertThat(catalog.find(doc.id())).contains(doc);
            assertThat(catalog.findByName(ana, doc.name())).contains(doc);
        }
        for (boolean desc : List.of(false, true)) {
            // page size 1: every name, 255 CJK characters included, goes through a cursor
            DocumentQuery byName = new DocumentQuery(Sort.NAME, desc, Optional.empty(), Optional.empty());
            assertThat(walk(p -> catalog.list(ana, byName, p), 1)).containsExactlyInAnyOrderElementsOf(docs);
            assertThat(walk(p -> catalog.listPublic(byName, p), 1)).containsExactlyInAnyOrderElementsOf(docs);
        }
    }

    @Test
    void prefixFiltersMatchLiterallyNeverAsPatterns() {
        for (String name : List.of("%", "%x", "a%", "abc", "_", "a_c", "a\\c", "x\u65e5", "x\u65e6", "\ud83d\ude00a",
                "\ud83d\ude01", "\uffff", "\uffffa")) {
            catalog.insert(fx.document(ana, name).build());
        }

        assertThat(namesWithPrefix("%")).containsExactlyInAnyOrder("%", "%x");
        assertThat(namesWithPrefix("_")).containsExactly("_");
        assertThat(namesWithPrefix("a_")).containsExactly("a_c");
        assertThat(namesWithPrefix("a%")).containsExactly("a%");
        assertThat(namesWithPrefix("a\\")).containsExactly("a\\c");
        assertThat(namesWithPrefix("x\u65e5")).containsExactly("x\u65e5");
        assertThat(namesWithPrefix("\ud83d\ude00")).containsExactly("\ud83d\ude00a");
        assertThat(namesWithPrefix("\uffff")).containsExactlyInAnyOrder("\uffff", "\uffffa");
    }

    @Test
    void textThatUtf8CannotHoldNeverReachesTheStore() {
        // UTF-8 cannot hold a lone surrogate (SQLite would store '?', and "a\ud800b" would clash with
        // "a?b"): the domain types refuse it, so no name, prefix or metadata value can carry one here.
        Document existing = fx.document(ana, "a?b").build();
        catalog.insert(existing);
        assertThatThrownBy(() -> fx.document(ana, "a\ud800b").build()).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> namesWithPrefix("a\ud800")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new dev.stowage.domain.document.UserMetadata(java.util.Map.of("k", "\udc00")))
                .isInstanceOf(InvalidInputException.class);
        assertThat(catalog.find(existing.id())).contains(existing);
    }

    @Test
    void anOwnerNeverSeesAnotherOwnersPrivateDocuments() {
        Document bobsSecret = fx.document(bob, "secret-plan").mimeType("application/pdf").build();
        Document bobsPublic = fx.document(bob, "secret-public").mimeType("application/pdf").publicly().build();
        catalog.insert(bobsSecret);
        catalog.insert(bobsPublic);
        catalog.insert(fx.document(ana, "secret-mine").mimeType("application/pdf").build());

        assertThat(catalog.findByName(ana, bobsSecret.name())).isEmpty();
        for (Sort sort : Sort.values()) {
            for (DocumentQuery query : List.of(
                    new DocumentQuery(sort, false, Optional.empty(), Optional.empty()),
                    new DocumentQuery(sort, true, Optional.of("application/pdf"), Optional.of("secret")),
                    new DocumentQuery(sort, false, Optional.of("application/*"), Optional.of("secret-p")))) {
                assertThat(walk(p -> catalog.list(ana, query, p), 1)).allMatch(d -> d.owner().equals(ana));
                assertThat(walk(p -> catalog.listPublic(query, p), 1)).doesNotContain(bobsSecret);
            }
        }
    }

    @Test
    void aCursorFromOnePageOfAnotherListingIsRefused() {
        for (int i = 0; i < 3; i++) {
            catalog.insert(fx.document(ana, "doc-" + i).build());
        }
        Cursor byName = catalog.list(ana, new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.empty()),
                PageRequest.first(1)).next().orElseThrow();

        assertThatThrownBy(() -> catalog.list(ana, new DocumentQuery(Sort.SIZE, false, Optional.empty(), Optional.empty()),
                PageRequest.after(byName, 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.list(ana, new DocumentQuery(Sort.NAME, true, Optional.empty(), Optional.empty()),
                PageRequest.after(byName, 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.all(PageRequest.after(byName, 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> catalog.all(PageRequest.after(new Cursor("SQ"), 1))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aTakenNameIsReportedInWordsTheOwnerCanActOn() {
        catalog.insert(fx.document(ana, "report").build());
        Document other = fx.document(ana, "other").build();
        catalog.insert(other);

        assertThatThrownBy(() -> catalog.insert(fx.document(ana, "report").build()))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("owner 'ana' already has a document named 'report'");
        assertThatThrownBy(() -> catalog.update(fx.edit(other).name("report").build(), 1))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessage("owner 'ana' already has a document named 'report'");
        assertThatThrownBy(() -> catalog.insert(fx.document(bob, "x").blob(other.blob()).build()))
                .isInstanceOf(AlreadyExistsException.class)
                .hasMessageContaining("blob '" + other.blob() + "' already belongs to another document");
    }

    @Test
    void instantsKeepTheirNanosecondsAndOnesBeyondTheColumnAreRejected() {
        Document precise = fx.document(ana, "precise").createdAt(Instant.parse("2024-05-01T10:00:00.123456789Z"))
                .updatedAt(Instant.parse("1969-12-31T23:59:59.999999999Z")).build();
        catalog.insert(precise);

        assertThat(catalog.find(precise.id())).contains(precise);
        assertThatThrownBy(() -> catalog.insert(fx.document(ana, "far").createdAt(Instant.parse("2300-01-01T00:00:00Z")).build()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("createdAt");
    }

    @Test
    void usageKeptByTheTriggersMatchesASumOverTheDocuments() {
        Random random = new Random(7);
        List<Document> live = new ArrayList<>();
        List<UserId> owners = List.of(ana, bob, new UserId("cleo"));
        for (int step = 0; step < 300; step++) {
            int action = live.isEmpty() ? 0 : random.nextInt(3);
            if (action == 0) {
                Document doc = fx.document(owners.get(random.nextInt(3)), "d" + step).size(random.nextInt(10_000)).build();
                catalog.insert(doc);
                live.add(doc);
            } else if (action == 1) {
                Document doc = live.remove(random.nextInt(live.size()));
                live.add(catalog.update(fx.edit(doc).size(random.nextInt(10_000)).build(), doc.version()));
            } else {
                Document doc = live.remove(random.nextInt(live.size()));
                catalog.delete(doc.id(), Optional.of(doc.version()));
            }
        }

        for (UserId owner : owners) {
            var summed = test.db.read(ctx -> ctx.select(DSL.count(), DSL.coalesce(DSL.sum(DOCUMENTS.SIZE), DSL.inline(java.math.BigDecimal.ZERO)))
                    .from(DOCUMENTS).where(DOCUMENTS.OWNER.eq(owner.value())).fetchOne());
            assertThat(catalog.usage(owner)).isEqualTo(new Usage(owner, summed.value1(), summed.value2().longValue()));
        }
    }

    @Test
    void referencedAsksInChunksBelowTheBindLimit() {
        List<BlobKey> candidates = new ArrayList<>();
        List<BlobKey> used = new ArrayList<>();
        for (int i = 0; i < SqliteDocumentCatalog.REFERENCE_CHUNK * 5 / 2; i++) {
            BlobKey key = fx.blobKey("docs");
            candidates.add(key);
            if (i % 97 == 0) {
                catalog.insert(fx.document(ana, "doc-" + i).blob(key).build());
                used.add(key);
            }
        }

        assertThat(catalog.referenced(candidates)).containsExactlyInAnyOrderElementsOf(used);
    }

    private List<String> namesWithPrefix(String prefix) {
        DocumentQuery query = new DocumentQuery(Sort.NAME, false, Optional.empty(), Optional.of(prefix));
        return walk(p -> catalog.list(ana, query, p), 2).stream().map(d -> d.name().value()).toList();
    }
}
