package dev.stowage.bootstrap.backup;

import static dev.stowage.bootstrap.backup.BackupServiceTest.manifest;
import static dev.stowage.bootstrap.backup.BackupServiceTest.newChunkBytes;
import static dev.stowage.bootstrap.backup.BackupServiceTest.objectCount;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.service.backup.BackupRun;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.ChunkEntry;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.backup.Verification;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots kept in chunks (manifest formats 2 to 4), and backups of formats 1 to 3 read by this build. */
class ChunkedBackupTest {
    private static final int ROWS = 2000;
    private static final int ROW_BYTES = 4000;

    @TempDir
    Path dir;

    @Test
    void aSecondBackupAfterAFewRowsChangeWritesOnlyTheChunksThatChanged() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            fill(fx);
            fx.upload(5000);
            Backup first = fx.backups().create("first");
            BackupManifest m1 = manifest(fx, first);
            assertThat(m1.formatVersion()).isEqualTo(4);
            assertThat(m1.snapshot().chunkSize()).isEqualTo(8 * 1024);
            // 2000 rows of 4000 bytes, a page each: about 8 MB, a thousand chunks, in one pack
            assertThat(m1.snapshot().chunks()).hasSizeGreaterThan(900);
            assertThat(m1.snapshot().packs()).hasSize(1);
            long objectsAfterFirst = objectCount(fx);

            rewrite(fx, 3);
            Backup second = fx.backups().create("second");
            BackupManifest m2 = manifest(fx, second);
            BackupRun run = ((BackupService) fx.backups()).lastRun().orElseThrow();

            // three rewritten rows, the header page and the catalog's own row: a handful of chunks, not the snapshot
            long changed = newChunkBytes(m1, m2);
            assertThat(run.chunksWritten()).isBetween(3, 10);
            assertThat(run.chunkBytes()).isEqualTo(changed).isLessThan(m2.snapshot().size() / 10);
            assertThat(run.blobsWritten()).isZero();
            assertThat(second.writtenBytes()).isEqualTo(run.writtenBytes()).isEqualTo(changed);
            // the changed chunks went into one new pack; the rest are referred to in the first backup's pack
            assertThat(run.packsWritten()).isEqualTo(1);
            assertThat(m2.snapshot().packs()).hasSize(2);
            assertThat(objectCount(fx)).isEqualTo(objectsAfterFirst + 1);
            assertThat(run.phases()).containsKeys("snapshot: hold the database still", "snapshot chunks: read, hash and pack",
                    "integrity_check and row counts (beside)", "newest manifest", "manifest: chunk list", "manifest: built", "manifest: written");

            // and the second backup is whole: it verifies and restores row for row
            assertThat(fx.backups().verify(second.id(), 100).ok()).isTrue();
            var expected = BackupFixture.rows(fx.dataDir.resolve("stowage.db")).get("filler");
            fx.backups().restore(second.id(), dir.resolve("restored"));
            assertThat(BackupFixture.rows(dir.resolve("restored/stowage.db")).get("filler")).isEqualTo(expected);
        }
    }

    @Test
    void verifyFindsACorruptChunkAndRestoreAndExportRefuseIt() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            fill(fx);
            Backup backup = fx.backups().create("to damage");
            SnapshotEntry snapshot = manifest(fx, backup).snapshot();
            ChunkEntry victim = snapshot.chunks().get(2);
            Sha256 pack = snapshot.packs().get(victim.pack()).sha256();
            Path file = dir.resolve("backups/objects/" + pack.hex().substring(0, 2) + "/" + pack.hex());
            byte[] bytes = Files.readAllBytes(file);
            bytes[(int) victim.offset() + 1000] ^= 1;
            Files.write(file, bytes);

            Verification bad = fx.backups().verify(backup.id(), 100);
            assertThat(bad.ok()).isFalse();
            assertThat(bad.detail()).contains("snapshot chunk 2").contains(victim.sha256().hex()).contains("corrupt");
            assertThatThrownBy(() -> fx.backups().restore(backup.id(), dir.resolve("restored")))
                    .isInstanceOf(ChecksumMismatchException.class).hasMessageContaining("nothing was changed");
            assertThat(dir.resolve("restored/stowage.db")).doesNotExist();
            assertThatThrownBy(() -> fx.backups().export(backup.id(), new ByteArrayOutputStream()))
                    .isInstanceOf(StorageUnavailableException.class).hasMessageContaining("chunk 2");

            // a sampled verify reads whole packs against their digests
            assertThat(fx.backups().verify(backup.id(), 1).detail()).contains("snapshot pack " + pack.hex()).contains("corrupt");

            Files.delete(file);
            assertThat(fx.backups().verify(backup.id(), 100).detail()).contains(pack.hex()).contains("missing");
        }
    }

    @Test
    void aFormatOneBackupStillListsVerifiesRestoresExportsImportsAndRotates() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            for (int i = 0; i < 3; i++) {
                fx.upload(7000 + i);
            }
            fx.enqueue("{\"old\":true}");
            Backup current = fx.backups().create("current");
            BackupManifest m2 = manifest(fx, current);

            // the same moment as a backup of the first format: the snapshot as one object
            byte[] snapshot = reassemble(fx, m2.snapshot());
            Sha256 whole = Sha256.of(MessageDigest.getInstance("SHA-256").digest(snapshot));
            // format 4 names it by its chunk list, which pins the same bytes
            assertThat(m2.snapshot().sha256()).isEqualTo(SnapshotEntry.chunkListDigest(snapshot.length,
                    m2.snapshot().chunkSize(), m2.snapshot().chunks()));
            assertThat(fx.target().putObject(whole, snapshot.length, new ByteArrayInputStream(snapshot))).isTrue();
            var oldId = new BackupId("01HV0000000000000000000001");
            var m1 = new BackupManifest(1, oldId, "format one", Instant.parse("2024-04-01T00:00:00Z"), "0.1.0",
                    m2.schemaVersion(), m2.rowCounts(), new SnapshotEntry(snapshot.length, whole, "ok"), m2.blobs());
            fx.target().putManifest(oldId, m1.toJson().getBytes(StandardCharsets.UTF_8));

            Backup old = fx.backups().get(oldId);
            assertThat(old.formatVersion()).isEqualTo(1);
            assertThat(fx.backups().list()).extracting(Backup::id).containsExactly(current.id(), oldId);
            assertThat(fx.backups().verify(oldId, 100).ok()).isTrue();
            assertThat(fx.backups().verify(oldId, 10).ok()).isTrue();

            assertThat(fx.backups().restore(oldId, dir.resolve("restored")).blobs()).isEqualTo(3);
            assertThat(BackupFixture.rows(dir.resolve("restored/stowage.db"), "backups"))
                    .isEqualTo(BackupFixture.rows(restoreOf(fx, current), "backups"));

            var archive = new ByteArrayOutputStream();
            fx.backups().export(oldId, archive);
            assertThat((long) archive.size()).isEqualTo(fx.backups().exportSize(oldId));
            try (var other = BackupFixture.open(dir.resolve("other"), dir.resolve("other-backups"))) {
                Backup imported = other.backups().importArchive(new ByteArrayInputStream(archive.toByteArray()));
                assertThat(imported.formatVersion()).isEqualTo(1);
                assertThat(other.backups().verify(oldId, 100).ok()).isTrue();
            }

            // rotated away, it takes its whole-snapshot object along and leaves the chunks the newer one needs
            // (which is verified too: the newest verified backup is always kept)
            assertThat(fx.backups().verify(current.id(), 100).ok()).isTrue();
            var rotation = fx.backups().rotate(RotationPolicy.keepLast(1), false);
            assertThat(rotation.deleted()).extracting(Backup::id).containsExactly(oldId);
            assertThat(rotation.objectsDeleted()).isEqualTo(1);
            assertThat(fx.target().objectSize(whole)).isEmpty();
            assertThat(fx.backups().verify(current.id(), 100).ok()).isTrue();
        }
    }

    @Test
    void aPackStaysWhileAKeptBackupUsesAnyChunkInItAndAnOrphanPackIsPruned() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            fill(fx);
            Backup first = fx.backups().create("first");
            Sha256 firstPack = manifest(fx, first).snapshot().packs().get(0).sha256();
            rewrite(fx, 3);
            Backup second = fx.backups().create("second");
            // the second backup uses most chunks of the first's pack, not all: the pack is partly live
            assertThat(manifest(fx, second).snapshotObjects()).containsKey(firstPack);
            // what a backup killed before its manifest leaves: a pack no manifest names
            byte[] orphan = "a pack whose backup never committed".getBytes(StandardCharsets.UTF_8);
            Sha256 orphanSha = Sha256.of(MessageDigest.getInstance("SHA-256").digest(orphan));
            fx.target().putObject(orphanSha, orphan.length, new ByteArrayInputStream(orphan));
            assertThat(fx.backups().verify(second.id(), 100).ok()).isTrue();

            var rotation = fx.backups().rotate(RotationPolicy.keepLast(1), false);

            assertThat(rotation.deleted()).extracting(Backup::id).containsExactly(first.id());
            assertThat(rotation.objectsDeleted()).isEqualTo(1);
            assertThat(fx.target().objectSize(orphanSha)).isEmpty();
            assertThat(fx.target().objectSize(firstPack)).isPresent();
            assertThat(fx.backups().verify(second.id(), 100).ok()).isTrue();
            var expected = BackupFixture.rows(fx.dataDir.resolve("stowage.db")).get("filler");
            assertThat(BackupFixture.rows(restoreOf(fx, second)).get("filler")).isEqualTo(expected);
        }
    }

    @Test
    void aFormatTwoBackupStillVerifiesRestoresExportsAndImports() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            for (int i = 0; i < 3; i++) {
                fx.upload(5000 + i);
            }
            Backup current = fx.backups().create("current");
            BackupManifest m3 = manifest(fx, current);
            SnapshotEntry packed = m3.snapshot();

            // the same moment as a backup of format 2: each chunk an object of its own
            var chunks = new java.util.ArrayList<ChunkEntry>();
            for (ChunkEntry c : packed.chunks()) {
                byte[] bytes;
                try (InputStream in = fx.target().openObject(packed.packs().get(c.pack()).sha256(), c.offset(), c.size())) {
                    bytes = in.readAllBytes();
                }
                fx.target().putObject(c.sha256(), c.size(), new ByteArrayInputStream(bytes));
                chunks.add(new ChunkEntry(c.size(), c.sha256()));
            }
            var oldId = new BackupId("01HV0000000000000000000002");
            // format 2 names the snapshot by the whole file's SHA-256
            Sha256 whole = Sha256.of(MessageDigest.getInstance("SHA-256").digest(reassemble(fx, packed)));
            var m2 = new BackupManifest(2, oldId, "format two", Instant.parse("2024-04-01T00:00:00Z"), "0.1.0",
                    m3.schemaVersion(), m3.rowCounts(), new SnapshotEntry(packed.size(), whole, "ok",
                    packed.chunkSize(), chunks), m3.blobs());
            fx.target().putManifest(oldId, m2.toJson().getBytes(StandardCharsets.UTF_8));

            assertAnOlderFormatServes(fx, oldId, 2, current);
        }
    }

    @Test
    void aFormatThreeBackupStillVerifiesRestoresExportsImportsAndServesAsNoBase() throws Exception {
        try (var fx = BackupFixture.open(dir.resolve("data"), dir.resolve("backups"))) {
            fx.upload(6000);
            Backup current = fx.backups().create("current");
            BackupManifest m4 = manifest(fx, current);
            SnapshotEntry four = m4.snapshot();

            // the same moment as a backup of format 3: the same packs and chunks, named by the whole file's SHA-256
            Sha256 whole = Sha256.of(MessageDigest.getInstance("SHA-256").digest(reassemble(fx, four)));
            var oldId = new BackupId("01HV0000000000000000000003");
            var m3 = new BackupManifest(3, oldId, "format three", Instant.parse("2024-04-01T00:00:00Z"), "0.1.0",
                    m4.schemaVersion(), m4.rowCounts(), new SnapshotEntry(four.size(), whole, "ok", four.chunkSize(),
                    four.chunks(), four.packs()), m4.blobs());
            fx.target().putManifest(oldId, m3.toJson().getBytes(StandardCharsets.UTF_8));

            assertAnOlderFormatServes(fx, oldId, 3, current);
            // a format 3 backup has no change mark: the next backup takes nothing from it unread
            fx.backups().delete(current.id());
            fx.backups().create("after");
            assertThat(((BackupService) fx.backups()).lastRun().orElseThrow().chunksFromBase()).isZero();
        }
    }

    private Path restoreOf(BackupFixture fx, Backup b) {
        Path into = dir.resolve("restored-" + b.id().value().toLowerCase());
        fx.backups().restore(b.id(), into);
        return into.resolve("stowage.db");
    }

    private static byte[] reassemble(BackupFixture fx, SnapshotEntry snapshot) throws Exception {
        var out = new ByteArrayOutputStream();
        for (ChunkEntry c : snapshot.chunks()) {
            try (InputStream in = fx.target().openObject(snapshot.packs().get(c.pack()).sha256(), c.offset(), c.size())) {
                in.transferTo(out);
            }
        }
        return out.toByteArray();
    }

    /** A table of its own in the live database: one row per page, random bytes, so no two chunks are alike. */
    private static void fill(BackupFixture fx) throws Exception {
        var random = new SplittableRandom(11);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.dataDir.resolve("stowage.db"))) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("CREATE TABLE filler (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO filler (id, pad) VALUES (?, ?)")) {
                byte[] pad = new byte[ROW_BYTES];
                for (int i = 0; i < ROWS; i++) {
                    random.nextBytes(pad);
                    p.setInt(1, i);
                    p.setBytes(2, pad);
                    p.executeUpdate();
                }
            }
            c.commit();
        }
    }

    /** Rewrites {@code n} rows far apart, in place (same size). */
    private static void rewrite(BackupFixture fx, int n) throws Exception {
        var random = new SplittableRandom(13);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fx.dataDir.resolve("stowage.db"));
             PreparedStatement p = c.prepareStatement("UPDATE filler SET pad = ? WHERE id = ?")) {
            byte[] pad = new byte[ROW_BYTES];
            for (int i = 0; i < n; i++) {
                random.nextBytes(pad);
                p.setBytes(1, pad);
                p.setInt(2, (i + 1) * ROWS / (n + 1));
                p.executeUpdate();
            }
        }
    }

    /**
     * A backup of an older format written beside {@code current} (the same moment) is listed with
     * its format, verifies whole and sampled, restores the same rows, and goes through export and
     * import into another target unchanged.
     */
    private void assertAnOlderFormatServes(BackupFixture fx, BackupId oldId, int format, Backup current) throws Exception {
        assertThat(fx.backups().get(oldId).formatVersion()).isEqualTo(format);
        assertThat(fx.backups().verify(oldId, 100).ok()).isTrue();
        assertThat(fx.backups().verify(oldId, 10).ok()).isTrue();
        assertThat(BackupFixture.rows(restoreOf(fx, fx.backups().get(oldId)), "backups"))
                .isEqualTo(BackupFixture.rows(restoreOf(fx, current), "backups"));
        var archive = new ByteArrayOutputStream();
        fx.backups().export(oldId, archive);
        try (var other = BackupFixture.open(dir.resolve("other"), dir.resolve("other-backups"))) {
            Backup imported = other.backups().importArchive(new ByteArrayInputStream(archive.toByteArray()));
            assertThat(imported.formatVersion()).isEqualTo(format);
            assertThat(other.backups().verify(oldId, 100).ok()).isTrue();
        }
    }
}
