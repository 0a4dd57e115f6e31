package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.benmanes.caffeine.cache.Cache;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.testing.contract.DocumentCatalogContract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cached catalog keeps every promise of the port, and never serves what a committed write replaced. */
class CachedDocumentCatalogTest extends DocumentCatalogContract {
    @TempDir
    Path dir;
    TestEngine test;
    SqliteDocumentCatalog database;
    Cache<CachedDocumentCatalog.Key, Document> cache;
    /** When set, the catalog's database reads by id wait on it after reading (to widen a race on purpose). */
    volatile CountDownLatch pauseAfterRead;
    volatile CountDownLatch pausedReads;

    private final UserId ana = new UserId("ana");

    @Override
    protected DocumentCatalog newCatalog() {
        return cached(DocumentCacheSettings.defaults());
    }

    private DocumentCatalog cached(DocumentCacheSettings settings) {
        test = TestEngine.started(dir);
        database = new SqliteDocumentCatalog(test.db);
        cache = CachedDocumentCatalog.newCache(settings);
        DocumentCacheMetrics.bind(test.registry, cache);
        return new CachedDocumentCatalog(new PausingReads(database), test.db, cache);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void aSecondReadIsServedFromTheCacheAndCounted() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);

        assertThat(catalog.find(doc.id())).contains(doc);
        assertThat(catalog.find(doc.id())).contains(doc);
        assertThat(catalog.findByName(ana, doc.name())).contains(doc);
        assertThat(catalog.findByName(ana, doc.name())).contains(doc);

        assertThat(counter("gets", "hit")).isEqualTo(2);
        assertThat(counter("gets", "miss")).isEqualTo(2);
        assertThat(test.registry.get("stowage.cache.size").tag("cache", "documents").gauge().value()).isEqualTo(2);
    }

    @Test
    void everyWriteInvalidatesBothKeys() {
        Document doc = fx.document(ana, "draft").build();
        catalog.insert(doc);
        warm(doc);

        Document renamed = catalog.update(fx.edit(doc).name("final").build(), 1);
        assertThat(catalog.find(doc.id())).contains(renamed);
        assertThat(catalog.findByName(ana, new DocumentName("draft"))).isEmpty();
        assertThat(catalog.findByName(ana, new DocumentName("final"))).contains(renamed);

        catalog.delete(doc.id(), Optional.empty());
        assertThat(catalog.find(doc.id())).isEmpty();
        assertThat(catalog.findByName(ana, new DocumentName("final"))).isEmpty();
        assertThat(cache.estimatedSize()).isZero();
    }

    @Test
    void aWriteInsideALargerTransactionIsInvalidatedOnlyOnceThatCommits() throws Exception {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);
        warm(doc);
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Document v2 = test.engine.write(() -> {
                Document stored = catalog.update(fx.edit(doc).size(2).build(), 1);
                // another thread reads while this transaction is open: it sees (and may cache) version 1
                Document seen = await(reader.submit(() -> catalog.find(doc.id()).orElseThrow()));
                Document seenByName = await(reader.submit(() -> catalog.findByName(ana, doc.name()).orElseThrow()));
                assertThat(seen.version()).isEqualTo(1);
                assertThat(seenByName.version()).isEqualTo(1);
                // and inside the transaction, reads bypass the cache and see the write
                assertThat(catalog.find(doc.id())).contains(stored);
                return stored;
            });

            assertThat(catalog.find(doc.id())).contains(v2);
            assertThat(catalog.findByName(ana, doc.name())).contains(v2);
        } finally {
            reader.shutdownNow();
        }
    }

    @Test
    void aReadThatStartedBeforeACommitCannotPutItsOlderRowBackAfterTheInvalidation() throws Exception {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);
        pausedReads = new CountDownLatch(1);
        pauseAfterRead = new CountDownLatch(1);
        CompletableFuture<Optional<Document>> slowRead = CompletableFuture.supplyAsync(() -> catalog.find(doc.id()));
        assertThat(pausedReads.await(10, TimeUnit.SECONDS)).as("the read has read version 1").isTrue();
        CountDownLatch release = pauseAfterRead;
        pauseAfterRead = null;

        Document v2 = catalog.update(fx.edit(doc).size(2).build(), 1);
        release.countDown();

        assertThat(slowRead.get(10, TimeUnit.SECONDS)).hasValueSatisfying(d -> assertThat(d.version()).isEqualTo(1));
        assertThat(cache.getIfPresent(new CachedDocumentCatalog.ById(doc.id()))).isNull();
        assertThat(catalog.find(doc.id())).contains(v2);
    }

    @Test
    void concurrentReadersNeverSeeAVersionOlderThanOneCommittedBeforeTheirRead() throws Exception {
        List<Document> docs = new ArrayList<>();
        List<AtomicLong> committed = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Document doc = fx.document(ana, "doc-" + i).build();
            catalog.insert(doc);
            docs.add(doc);
            committed.add(new AtomicLong(1));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                int seed = r;
                readers.add(pool.submit(() -> {
                    int reads = 0;
                    while (writing.get() || reads < 100) {
                        int i = (seed + reads) % docs.size();
                        long floor = committed.get(i).get();
                        Document seen = (reads % 2 == 0 ? catalog.find(docs.get(i).id())
                                : catalog.findByName(ana, docs.get(i).name())).orElseThrow();
                        assertThat(seen.version()).as("doc-%d read after version %d committed", i, floor)
                                .isGreaterThanOrEqualTo(floor);
                        reads++;
                    }
                    return reads;
                }));
            }
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int first = w;
                writers.add(pool.submit(() -> {
                    for (int r = 0; r < 60; r++) {
                        int round = r;
                        for (int i = first; i < docs.size(); i += 2) {
                            Document current = database.find(docs.get(i).id()).orElseThrow();
                            // half of the writes join a larger transaction, as the services' do
                            Document stored = round % 2 == 0
                                    ? catalog.update(fx.edit(current).size(round).build(), current.version())
                                    : test.engine.write(() -> catalog.update(fx.edit(current).size(round).build(),
                                            current.version()));
                            committed.get(i).set(stored.version());
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }
            writing.set(false);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            writing.set(false);
            pool.shutdownNow();
        }
        for (int i = 0; i < docs.size(); i++) {
            assertThat(catalog.find(docs.get(i).id()).orElseThrow().version()).isEqualTo(61);
            assertThat(catalog.findByName(ana, docs.get(i).name()).orElseThrow().version()).isEqualTo(61);
        }
    }

    @Test
    void readsInsideAReadTransactionNeitherUseNorFillTheCache() {
        Document doc = fx.document(ana, "report").build();
        catalog.insert(doc);

        test.engine.read(() -> catalog.find(doc.id()));

        assertThat(cache.estimatedSize()).isZero();
        assertThat(counter("gets", "hit") + counter("gets", "miss")).isZero();
    }

    @Test
    void theBoundEvictsAndCountsEvictions() {
        test.close();
        DocumentCatalog small = cached(new DocumentCacheSettings(8 * 1024));
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Document doc = fx.document(ana, "doc-" + i).build();
            small.insert(doc);
            docs.add(doc);
        }

        docs.forEach(d -> small.find(d.id()));
        cache.cleanUp();

        assertThat(cache.policy().eviction().orElseThrow().weightedSize().orElseThrow()).isLessThanOrEqualTo(8 * 1024);
        assertThat(test.registry.get("stowage.cache.evictions").tag("cache", "documents").functionCounter().count())
                .isPositive();
    }

    private void warm(Document doc) {
        catalog.find(doc.id());
        catalog.findByName(doc.owner(), doc.name());
        assertThat(cache.getIfPresent(new CachedDocumentCatalog.ById(doc.id()))).isNotNull();
    }

    private double counter(String name, String result) {
        return test.registry.get("stowage.cache." + name).tag("cache", "documents").tag("result", result)
                .functionCounter().count();
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The database catalog, with a pause after a read by id when a test asks for one. */
    private final class PausingReads extends ForwardingCatalog {
        PausingReads(DocumentCatalog delegate) {
            super(delegate);
        }

        @Override
        public Optional<Document> find(DocumentId id) {
            Optional<Document> found = super.find(id);
            CountDownLatch pause = pauseAfterRead;
            if (pause != null && !test.db.inTransaction()) {
                pausedReads.countDown();
                try {
                    pause.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return found;
        }
    }
}
