package dev.stowage.testing.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseSnapshots.BlobReference;
import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.backup.BackupRun;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.application.service.backup.BackupSettings;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.BlobEntry;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.testing.InMemoryBackupCatalog;
import dev.stowage.testing.InMemoryBackupTarget;
import dev.stowage.testing.InMemoryBlobStore;
import dev.stowage.testing.InMemoryDatabaseSnapshots;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Incremental backups that take unchanged chunks from a base backup unread, driven by a database
 * that tracks its changed pages ({@link InMemoryDatabaseSnapshots}): the skipping path, its
 * defence against a wrong answer, its fallbacks, and restores that give back every byte.
 */
class IncrementalBackupTest {
    private static final int PAGE = 4096;
    private static final int PAGES = 300;

    @TempDir
    Path dir;

    private final Random random = new Random(11);
    private InMemoryDatabaseSnapshots db;
    private InMemoryBackupTarget target;
    private InMemoryBlobStore blobs;
    private BackupService service;

    @BeforeEach
    void setUp() throws Exception {
        db = new InMemoryDatabaseSnapshots(PAGE, PAGES);
        byte[] content = new byte[PAGE * PAGES - InMemoryDatabaseSnapshots.MAGIC.length];
        random.nextBytes(content);
        db.write(InMemoryDatabaseSnapshots.MAGIC.length, content);
        target = new InMemoryBackupTarget();
        blobs = new InMemoryBlobStore();
        byte[] blob = "a document's bytes".getBytes(StandardCharsets.UTF_8);
        var key = new BlobKey("documents/one");
        blobs.put(key, new ByteArrayInputStream(blob), PutOptions.unlimited());
        db.refer(List.of(BlobReference.of(new BlobEntry(key, blob.length, Sha256.digest(blob)))));
        // 4 KiB chunks (one page each) in packs of 64 KiB
        var settings = BackupSettings.defaults(dir.resolve("tmp"), "0.1.0").withChunkSize(4096).withPackSize(64 * 1024);
        service = new BackupService(target, new InMemoryBackupCatalog(), db, new FileAdmin(dir.resolve("live/stowage.db")),
                blobs, new MemoryFolders(), new MonotonicIdGenerator(Clock.systemUTC()), Clock.systemUTC(), settings);
    }

    @Test
    void an_incremental_reads_only_the_changed_chunks_and_restores_byte_identical() throws Exception {
        Backup full = service.create("full");
        BackupRun first = service.lastRun().orElseThrow();
        assertThat(first.base()).isEmpty();
        assertThat(first.chunksRead()).isEqualTo(PAGES);
        assertThat(manifest(full).formatVersion()).isEqualTo(4);
        assertThat(manifest(full).changeMark()).isPresent();

        changePages(3, 150, 299);
        byte[] expected = db.bytes();
        Backup incremental = service.create("incremental");
        BackupRun run = service.lastRun().orElseThrow();

        assertThat(run.base()).contains(full.id());
        assertThat(run.chunksRead()).isEqualTo(3);
        assertThat(run.chunksFromBase()).isEqualTo(PAGES - 3);
        assertThat(run.chunksSampled()).isEqualTo(64);
        assertThat(run.chunksWritten()).isEqualTo(3);
        assertThat(restored(incremental)).isEqualTo(expected);
        assertThat(service.verify(incremental.id(), 100).ok()).isTrue();
    }

    @Test
    void a_grown_file_reads_its_new_chunks_and_a_shrunk_one_takes_the_rest_from_the_base() throws Exception {
        service.create("full");
        db.write((long) PAGES * PAGE, bytes(2 * PAGE));
        byte[] grown = db.bytes();
        Backup bigger = service.create("grown");
        BackupRun run = service.lastRun().orElseThrow();
        assertThat(run.chunksRead()).isEqualTo(2);
        assertThat(run.chunksFromBase()).isEqualTo(PAGES);
        assertThat(restored(bigger)).isEqualTo(grown);

        db.truncate(100);
        changePages(7);
        byte[] shrunk = db.bytes();
        Backup smaller = service.create("shrunk");
        run = service.lastRun().orElseThrow();
        assertThat(run.chunksRead()).isEqualTo(1);
        assertThat(run.chunksFromBase()).isEqualTo(99);
        assertThat(restored(smaller)).isEqualTo(shrunk);
    }

    @Test
    void a_wrong_answer_about_the_header_page_is_caught_by_the_sample_and_everything_is_read() throws Exception {
        service.create("full");
        db.lie();
        // page 0 holds the file's header, which a real engine changes on every commit: the sample always reads
        // the first chunk the engine calls unchanged (and the last), then others at random
        changePages(0, 150);
        byte[] expected = db.bytes();
        Backup incremental = service.create("after a lie");
        BackupRun run = service.lastRun().orElseThrow();

        assertThat(run.chunksSampled()).isBetween(1, 64);
        assertThat(run.chunksFromBase()).isZero();
        assertThat(run.chunksRead()).isEqualTo(PAGES);
        assertThat(run.base()).isEmpty();
        assertThat(run.chunksWritten()).isEqualTo(2);
        assertThat(restored(incremental)).isEqualTo(expected);
    }

    @Test
    void a_lie_about_a_sampled_chunk_is_always_caught() throws Exception {
        db.truncate(50);
        service.create("full");
        db.lie();
        changePages(20);
        byte[] expected = db.bytes();
        Backup incremental = service.create("after a lie");
        BackupRun run = service.lastRun().orElseThrow();

        // 50 chunks, all of them sampled (fewer than 64): the changed one is found and everything is read
        assertThat(run.chunksFromBase()).isZero();
        assertThat(run.chunksRead()).isEqualTo(50);
        assertThat(run.base()).isEmpty();
        assertThat(restored(incremental)).isEqualTo(expected);
    }

    @Test
    void a_deleted_base_means_a_full_read() throws Exception {
        Backup full = service.create("full");
        changePages(1);
        service.delete(full.id());
        service.rotate(RotationPolicy.keepLast(1), false);
        backsUpWithoutABase("after rotation");
    }

    @Test
    void a_manifest_replaced_at_the_target_is_parsed_again_not_taken_from_memory() throws Exception {
        // the service keeps the manifest it wrote, parsed, for the next backup: only while the target holds those bytes
        Backup full = service.create("full");
        BackupManifest wrote = manifest(full);
        var withoutMark = new BackupManifest(wrote.formatVersion(), wrote.id(), wrote.label(), wrote.createdAt(),
                wrote.appVersion(), wrote.schemaVersion(), wrote.rowCounts(), wrote.snapshot(), wrote.blobs());
        target.deleteManifest(full.id());
        target.putManifest(full.id(), withoutMark.toJson().getBytes(StandardCharsets.UTF_8));
        changePages(3);
        // the kept manifest has a mark and would have been the base; the target's has none
        backsUpWithoutABase("after the manifest was replaced");
    }

    @Test
    void a_snapshot_that_fails_its_integrity_check_writes_no_manifest() throws Exception {
        // the chunk list is built while the check runs, as "ok": a manifest is written only when the check agrees
        Backup full = service.create("full");
        db.write(0, "not the magic".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(() -> service.create("of a corrupt database")).isInstanceOf(StorageCorruptException.class)
                .hasMessageContaining("integrity_check");
        assertThat(target.manifests()).containsExactly(full.id());
        assertThat(service.list()).filteredOn(b -> b.status() == BackupStatus.COMPLETE).extracting(Backup::id)
                .containsExactly(full.id());
    }

    @Test
    void an_engine_that_lost_its_log_means_a_full_read() throws Exception {
        service.create("full");
        changePages(2);
        db.forgetHistory();
        changePages(4);
        byte[] expected = db.bytes();
        Backup next = service.create("after the log was lost");
        BackupRun run = service.lastRun().orElseThrow();
        assertThat(run.chunksFromBase()).isZero();
        assertThat(run.chunksRead()).isEqualTo(PAGES);
        // what it read is what the earlier backup had, except the two changed pages
        assertThat(run.chunksWritten()).isEqualTo(2);
        assertThat(restored(next)).isEqualTo(expected);
    }

    @Test
    void an_exported_incremental_imports_elsewhere_with_its_mark_and_restores_byte_identical() throws Exception {
        service.create("full");
        changePages(10, 11);
        byte[] expected = db.bytes();
        Backup incremental = service.create("incremental");
        var archive = new ByteArrayOutputStream();
        service.export(incremental.id(), archive);

        var other = new InMemoryBackupTarget();
        var otherService = new BackupService(other, new InMemoryBackupCatalog(), db, new FileAdmin(dir.resolve("o/stowage.db")),
                new InMemoryBlobStore(), new MemoryFolders(), new MonotonicIdGenerator(Clock.systemUTC()), Clock.systemUTC(),
                BackupSettings.defaults(dir.resolve("tmp2"), "0.1.0").withChunkSize(4096).withPackSize(64 * 1024));
        Backup imported = otherService.importArchive(new ByteArrayInputStream(archive.toByteArray()));
        BackupManifest m = BackupManifest.parse(new String(other.readManifest(imported.id()), StandardCharsets.UTF_8));
        assertThat(m.formatVersion()).isEqualTo(4);
        // its chunks re-packed on this target, the snapshot's digest (of its chunk list) and its mark unchanged: an
        // engine answers for no mark of another database, and the sample checks that anyway
        assertThat(m.snapshot().sha256()).isEqualTo(manifest(incremental).snapshot().sha256());
        assertThat(m.changeMark()).isEqualTo(manifest(incremental).changeMark());
        Path into = dir.resolve("restored-import");
        otherService.restore(imported.id(), into);
        assertThat(Files.readAllBytes(into.resolve("stowage.db"))).isEqualTo(expected);
    }

    /** A backup labelled {@code label} that takes no base: it reads every chunk and restores byte for byte. */
    private void backsUpWithoutABase(String label) throws Exception {
        byte[] expected = db.bytes();
        Backup next = service.create(label);
        BackupRun run = service.lastRun().orElseThrow();
        assertThat(run.base()).isEmpty();
        assertThat(run.chunksRead()).isEqualTo(PAGES);
        assertThat(restored(next)).isEqualTo(expected);
    }

    private void changePages(int... pages) {
        for (int p : pages) {
            db.write((long) p * PAGE + 100, bytes(50));
        }
    }

    private byte[] bytes(int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private BackupManifest manifest(Backup b) {
        return BackupManifest.parse(new String(target.readManifest(b.id()), StandardCharsets.UTF_8));
    }

    private byte[] restored(Backup b) throws Exception {
        Path into = dir.resolve("restored-" + b.id().value().toLowerCase(java.util.Locale.ROOT));
        service.restore(b.id(), into);
        return Files.readAllBytes(into.resolve("stowage.db"));
    }

    /** Data folders whose blob folder is in memory (the restore test looks at the database file). */
    private static final class MemoryFolders implements DataFolders {
        @Override
        public dev.stowage.application.port.out.BlobStore blobFolder(Path root) {
            return new InMemoryBlobStore();
        }

        @Override
        public Held lock(Path dataDir) {
            return () -> { };
        }
    }

    /** The live database's administration as a file-based engine gives it; the in-memory one needs no checkpoint. */
    private record FileAdmin(Path file) implements DatabaseAdmin {
        @Override
        public List<String> migrate() {
            return List.of();
        }

        @Override
        public DatabaseInfo info() {
            return new DatabaseInfo("1", List.of(), file.toString(), 0, 0, "memory", "full");
        }

        @Override
        public CheckpointResult checkpoint(CheckpointMode mode) {
            return new CheckpointResult(false, 0, 0);
        }

        @Override
        public Location location() {
            return new Location.InFile(file);
        }
    }
}
