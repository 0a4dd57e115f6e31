package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.engine.SqliteDatabaseSnapshots;
import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.DatabaseSnapshots.SnapshotFacts;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.contract.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDatabaseSnapshotsTest {
    @TempDir
    Path dir;
    TestEngine test;
    final Fixtures fx = new Fixtures();

    @AfterEach
    void stop() {
        if (test != null) {
            test.close();
        }
    }

    @Test
    void aSnapshotTakenWhileAWriterRunsIsOneCommittedMomentAndTheWriterKeepsGoing() throws Exception {
        test = TestEngine.started(dir);
        var catalog = new SqliteDocumentCatalog(test.db);
        var snapshots = new SqliteDatabaseSnapshots(TestEngine.settings(dir));
        var writer = startWriter(catalog);

        test.admin.checkpoint(CheckpointMode.FULL);
        Path snapshot = dir.resolve("snap.db");
        int before = writer.written();
        snapshots.snapshotTo(snapshot);
        // let the writer commit a few more, so "keeps going" is seen rather than assumed
        writer.awaitMore(before, 20);
        writer.stopAndCheck();

        SnapshotFacts facts = snapshots.inspect(snapshot);
        assertThat(facts.integrityCheck()).isEqualTo("ok");
        assertThat(facts.foreignKeyErrors()).isZero();
        assertThat(facts.schemaVersion()).isEqualTo(test.admin.info().schemaVersion());
        long docs = facts.rowCounts().get("documents");
        assertThat(docs % 2).as("both rows of each transaction, or neither").isZero();
        assertThat(docs).isGreaterThanOrEqualTo(200 + 2L * before);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + snapshot); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(documents) FROM document_usage), "
                     + "(SELECT count(*) FROM documents WHERE name LIKE 'live-a-%'), "
                     + "(SELECT count(*) FROM documents WHERE name LIKE 'live-b-%'), (SELECT journal_mode FROM pragma_journal_mode)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(docs);
            assertThat(rs.getLong(2)).isEqualTo(rs.getLong(3));
            assertThat(rs.getString(4)).isEqualTo("delete");
        }
        assertThat(Files.exists(dir.resolve("snap.db-wal"))).isFalse();

        var blobs = new ArrayList<BlobEntry>();
        snapshots.forEachBlob(snapshot, ref -> blobs.add(ref.recorded().orElseThrow()));
        assertThat(blobs).hasSize((int) docs);
        assertThat(blobs).isSortedAccordingTo((a, b) -> a.key().compareTo(b.key()));
        Document seed = catalog.findByName(new UserId("ana"), new dev.stowage.domain.document.DocumentName("seed-7")).orElseThrow();
        assertThat(blobs).contains(new BlobEntry(seed.blob(), seed.size(), seed.sha256()));
    }

    @Test
    void aFrozenSnapshotIsOneCommittedMomentThatNoLaterCommitOrCheckpointChangesAndTheWriterKeepsGoing() throws Exception {
        test = TestEngine.started(dir);
        var catalog = new SqliteDocumentCatalog(test.db);
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        var writer = startWriter(catalog);

        int before = writer.written();
        Path first = dir.resolve("first.db");
        Path second = dir.resolve("second.db");
        SnapshotFacts held;
        var heldBlobs = new ArrayList<BlobReference>();
        int after;
        try (DatabaseSnapshots.Frozen frozen = snapshots.freeze().orElseThrow()) {
            after = writer.written();
            Files.write(first, readAll(frozen));
            // commits go on, and every kind of checkpoint is tried, while it is held
            writer.awaitMore(after, 100);
            test.admin.checkpoint(CheckpointMode.PASSIVE);
            test.admin.checkpoint(CheckpointMode.FULL);
            held = frozen.inspect();
            frozen.forEachBlob(heldBlobs::add);
            Files.write(second, readAll(frozen));
        }
        int released = writer.written();
        writer.awaitMore(released, 20);
        writer.stopAndCheck();

        assertThat(Files.readAllBytes(second)).as("the file did not change while it was held").isEqualTo(Files.readAllBytes(first));
        SnapshotFacts facts = snapshots.inspect(first);
        assertThat(facts.integrityCheck()).isEqualTo("ok");
        assertThat(facts.foreignKeyErrors()).isZero();
        assertThat(held).as("the facts of the held moment are those of its bytes").isEqualTo(facts);
        assertThat(facts.schemaVersion()).isEqualTo(test.admin.info().schemaVersion());
        long docs = facts.rowCounts().get("documents");
        assertThat(docs % 2).as("both rows of each transaction, or neither").isZero();
        assertThat(docs).isBetween(200 + 2L * before, 200 + 2L * (after + 1));
        var fileBlobs = new ArrayList<BlobReference>();
        snapshots.forEachBlob(first, fileBlobs::add);
        assertThat(heldBlobs).isEqualTo(fileBlobs).hasSize((int) docs);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + first); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT sum(documents) FROM document_usage), "
                     + "(SELECT journal_mode FROM pragma_journal_mode)")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(docs);
            assertThat(rs.getString(2)).as("a file of its own, without a WAL").isEqualTo("delete");
        }
        // the live database went on and lost nothing
        assertThat(catalog.findByName(new UserId("ana"), new dev.stowage.domain.document.DocumentName("live-b-" + (released + 5))))
                .isPresent();
    }

    @Test
    void aDatabaseThatCannotBeHeldStillIsNotFrozenAndACopyIsTakenInstead() throws Exception {
        test = TestEngine.started(dir);
        var catalog = new SqliteDocumentCatalog(test.db);
        catalog.insert(doc("first"));
        assertThat(new SqliteDatabaseSnapshots(TestEngine.settings(dir)).freeze()).as("no engine to pause").isEmpty();

        // a reader of another connection keeps an older WAL frame in use: no checkpoint can fold in every frame
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + TestEngine.settings(dir).databaseFile())) {
            other.setAutoCommit(false);
            try (Statement s = other.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM documents")) {
                rs.next();
            }
            catalog.insert(doc("second"));
            assertThat(new SqliteDatabaseSnapshots(test.engine).freeze()).isEmpty();
            other.rollback();
        }
        // and once it is gone, the database is held still again; the writer was never stopped
        catalog.insert(doc("third"));
        try (var frozen = new SqliteDatabaseSnapshots(test.engine).freeze().orElseThrow()) {
            assertThat(frozen.inspect().rowCounts().get("documents")).isEqualTo(3);
        }
        test.engine.stop();
        assertThat(new SqliteDatabaseSnapshots(test.engine).freeze()).as("a stopped engine").isEmpty();
    }

    /** Seeds 200 documents and starts a {@link LiveWriter}, returned once 50 of its transactions committed. */
    private LiveWriter startWriter(SqliteDocumentCatalog catalog) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            catalog.insert(doc("seed-" + i));
        }
        CountDownLatch started = new CountDownLatch(50);
        var writer = new LiveWriter(catalog, started);
        writer.thread.start();
        started.await();
        return writer;
    }

    /**
     * A thread committing two documents (and the usage trigger's row) per transaction until stopped.
     */
    private final class LiveWriter {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicInteger written = new AtomicInteger();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread;

        private LiveWriter(SqliteDocumentCatalog catalog, CountDownLatch started) {
            thread = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        int n = i;
                        test.engine.writeVoid(() -> {
                            catalog.insert(doc("live-a-" + n));
                            catalog.insert(doc("live-b-" + n));
                        });
                        written.incrementAndGet();
                        started.countDown();
                    }
                } catch (Throwable t) {
                    failure.set(t);
                }
            });
        }

        /** Transactions committed so far. */
        int written() {
            return written.get();
        }

        /** Waits until {@code more} transactions past {@code since} have committed, or the writer failed. */
        void awaitMore(int since, int more) {
            while (written.get() < since + more && failure.get() == null) {
                Thread.onSpinWait();
            }
        }

        /** Stops the writer and checks it never failed. */
        void stopAndCheck() throws InterruptedException {
            stop.set(true);
            thread.join();
            assertThat(failure.get()).isNull();
        }
    }

    private static byte[] readAll(DatabaseSnapshots.Frozen frozen) throws Exception {
        byte[] bytes = new byte[Math.toIntExact(frozen.size())];
        // in two reads, the first ending inside the header's format bytes
        byte[] head = new byte[19];
        frozen.read(0, head);
        byte[] rest = new byte[bytes.length - head.length];
        frozen.read(head.length, rest);
        System.arraycopy(head, 0, bytes, 0, head.length);
        System.arraycopy(rest, 0, bytes, head.length, rest.length);
        return bytes;
    }

    @Test
    void theBlobsOfProgramsAndOfTheirKeptRevisionsAreListedImagesWithTheirFactsThumbnailsByKey() throws Exception {
        test = TestEngine.started(dir);
        var snapshots = new SqliteDatabaseSnapshots(TestEngine.settings(dir));
        String img = "a".repeat(64);
        String old = "b".repeat(64);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + TestEngine.settings(dir).databaseFile());
             Statement s = c.createStatement()) {
            String cols = "name, description, config, config_schema_version, config_sha256, active, image_blob, "
                    + "image_mime_type, image_size, image_sha256, image_width, image_height, thumbnail_blob, updated_at, updated_by";
            s.execute("INSERT INTO programs (id, name_folded, version, created_at, " + cols + ") VALUES "
                    + "('01J0000000000000000000000A', 'lathe', 3, 1, 'Lathe', '', '{}', 1, '" + img + "', 1, "
                    + "'programs/img-new', 'image/png', 10, '" + img + "', 4, 4, 'programs/thumb-new', 1, 'ana'), "
                    + "('01J0000000000000000000000B', 'bare', 1, 1, 'Bare', '', '{}', 1, '" + img + "', 1, "
                    + "NULL, NULL, NULL, NULL, NULL, NULL, NULL, 1, 'ana')");
            s.execute("INSERT INTO program_revisions (program_id, version, " + cols + ") VALUES "
                    + "('01J0000000000000000000000A', 1, 'Lathe', '', '{}', 1, '" + img + "', 1, "
                    + "'programs/img-old', 'image/png', 5, '" + old + "', 2, 2, 'programs/thumb-old', 1, 'ana'), "
                    // version 2 kept the image version 3 still has: its blobs are listed once
                    + "('01J0000000000000000000000A', 2, 'Lathe', '', '{}', 1, '" + img + "', 1, "
                    + "'programs/img-new', 'image/png', 10, '" + img + "', 4, 4, 'programs/thumb-new', 1, 'ana')");
        }
        Path snapshot = dir.resolve("snap.db");
        snapshots.snapshotTo(snapshot);

        var refs = new ArrayList<BlobReference>();
        snapshots.forEachBlob(snapshot, refs::add);

        assertThat(refs).containsExactly(
                BlobReference.of(new BlobEntry(new BlobKey("programs/img-new"), 10, new Sha256(img))),
                BlobReference.of(new BlobEntry(new BlobKey("programs/img-old"), 5, new Sha256(old))),
                BlobReference.keyOnly(new BlobKey("programs/thumb-new")),
                BlobReference.keyOnly(new BlobKey("programs/thumb-old")));
    }

    @Test
    void aSnapshotIsNeverWrittenOverAnExistingFile() throws Exception {
        test = TestEngine.started(dir);
        Path taken = Files.writeString(dir.resolve("taken.db"), "mine");

        assertThatThrownBy(() -> new SqliteDatabaseSnapshots(TestEngine.settings(dir)).snapshotTo(taken))
                .isInstanceOf(AlreadyExistsException.class);
        assertThat(Files.readString(taken)).isEqualTo("mine");
    }

    @Test
    void inspectRefusesWhatIsNotAStowageDatabase() throws Exception {
        var snapshots = new SqliteDatabaseSnapshots(TestEngine.settings(dir));
        Path text = Files.writeString(dir.resolve("text.db"), "this is not a database ".repeat(200));
        Path foreign = dir.resolve("foreign.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + foreign); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (x)");
        }

        for (Path p : List.of(text, foreign, dir.resolve("absent.db"), dir)) {
            assertThatThrownBy(() -> snapshots.inspect(p)).isInstanceOf(InvalidInputException.class);
            assertThatThrownBy(() -> snapshots.forEachBlob(p, b -> { })).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aDatabaseOfANewerSchemaIsRefusedAndAnOlderOneIsMigratedForward() throws Exception {
        test = TestEngine.started(dir);
        var snapshots = new SqliteDatabaseSnapshots(TestEngine.settings(dir));
        Path current = dir.resolve("current.db");
        snapshots.snapshotTo(current);
        String version = snapshots.inspect(current).schemaVersion();
        assertThat(snapshots.migrate(current)).isEmpty();

        Path newer = dir.resolve("newer.db");
        Files.copy(current, newer);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + newer); Statement s = c.createStatement()) {
            s.execute("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) SELECT max(installed_rank) + 1, '999', 'future', "
                    + "'SQL', 'V999__future.sql', 0, 'test', CURRENT_TIMESTAMP, 1, 1 FROM flyway_schema_history");
        }
        assertThatThrownBy(() -> snapshots.inspect(newer)).isInstanceOf(InvalidInputException.class).hasMessageContaining("newer");
        assertThatThrownBy(() -> snapshots.migrate(newer)).isInstanceOf(InvalidInputException.class);

        // an older file: a database a build with migrations up to V7 made
        Path older = dir.resolve("older.db");
        org.flywaydb.core.Flyway.configure().dataSource("jdbc:sqlite:" + older, null, null)
                .locations("classpath:db/migration").target("7").load().migrate();
        assertThat(snapshots.inspect(older).schemaVersion()).isEqualTo("7");
        assertThat(snapshots.inspect(older).rowCounts()).doesNotContainKey("backups");
        assertThat(snapshots.migrate(older)).contains("10");
        assertThat(snapshots.inspect(older).schemaVersion()).isEqualTo(version);
        assertThat(snapshots.inspect(older).rowCounts()).containsKey("backups");
    }

    private Document doc(String name) {
        return fx.document(new UserId("ana"), name).build();
    }
}
