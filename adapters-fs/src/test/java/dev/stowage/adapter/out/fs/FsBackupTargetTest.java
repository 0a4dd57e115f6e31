package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.testing.contract.BackupTargetContract;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FsBackupTargetTest extends BackupTargetContract {
    @TempDir
    Path dir;

    @Override
    protected BackupTarget newTarget() {
        return new FsBackupTarget(dir.resolve("backups"), Clock.systemUTC());
    }

    @Test
    void objectsAndManifestsLandUnderTheirDigestAndId() {
        Sha256 sha = put("bytes");
        BackupId id = new BackupId(fx.nextId());
        target.putManifest(id, "{}".getBytes());

        assertThat(dir.resolve("backups/objects/" + sha.hex().substring(0, 2) + "/" + sha.hex())).hasContent("bytes");
        assertThat(dir.resolve("backups/manifests/" + id + ".json")).hasContent("{}");
        assertThat(listFiles(dir.resolve("backups/tmp"))).isEmpty();
    }

    @Test
    void aRefusedObjectLeavesNoFileBehind() {
        byte[] bytes = "not what was claimed".getBytes();

        assertThatThrownBy(() -> target.putObject(new Sha256("ab".repeat(32)), bytes.length, new ByteArrayInputStream(bytes)))
                .isInstanceOf(ChecksumMismatchException.class);

        assertThat(listFiles(dir.resolve("backups"))).noneMatch(p -> Files.isRegularFile(p));
    }

    @Test
    void aBatchShowsNothingUntilItIsCommittedAndLeavesNothingWhenDropped() {
        byte[] pack = "packed chunks".getBytes();
        Sha256 sha;
        try (BackupTarget.Batch batch = target.batch()) {
            sha = batch.putObject(pack, 0, pack.length).sha256();
            // written, unsynced, under tmp/ only: no name holds it yet
            assertThat(target.objectSize(sha)).isEmpty();
            assertThat(listFiles(dir.resolve("backups/tmp"))).hasSize(1);
        }
        assertThat(target.objectSize(sha)).isEmpty();
        assertThat(listFiles(dir.resolve("backups"))).noneMatch(p -> Files.isRegularFile(p));

        try (BackupTarget.Batch batch = target.batch()) {
            batch.putObject(pack, 0, pack.length);
            batch.commit();
        }
        assertThat(dir.resolve("backups/objects/" + sha.hex().substring(0, 2) + "/" + sha.hex())).hasContent("packed chunks");
        assertThat(listFiles(dir.resolve("backups/tmp"))).isEmpty();
    }

    @Test
    void aBatchPastItsSyncGroupStillShowsNothingUntilCommittedAndLeavesNothingWhenDropped() {
        // 5 objects of 16 MiB: the writer that passes 64 MiB syncs the group written so far, which
        // must publish nothing (names appear at the commit only) and be dropped with the batch
        byte[] object = new byte[16 << 20];
        var names = new java.util.ArrayList<Sha256>();
        try (BackupTarget.Batch batch = target.batch()) {
            for (int i = 0; i < 5; i++) {
                object[0] = (byte) i;
                names.add(batch.putObject(object, 0, object.length).sha256());
            }
            assertThat(names).allSatisfy(sha -> assertThat(target.objectSize(sha)).isEmpty());
            assertThat(listFiles(dir.resolve("backups/tmp"))).hasSize(5);
        }
        assertThat(names).allSatisfy(sha -> assertThat(target.objectSize(sha)).isEmpty());
        assertThat(listFiles(dir.resolve("backups/tmp"))).isEmpty();

        try (BackupTarget.Batch batch = target.batch()) {
            for (int i = 0; i < 5; i++) {
                object[0] = (byte) i;
                batch.putObject(object, 0, object.length);
            }
            batch.commit();
        }
        assertThat(names).allSatisfy(sha -> assertThat(target.objectSize(sha)).contains((long) object.length));
        assertThat(listFiles(dir.resolve("backups/tmp"))).isEmpty();
    }

    @Test
    void strayFilesAreNotTakenForObjectsManifestsOrLocks() throws Exception {
        Sha256 sha = put("real");
        Files.writeString(dir.resolve("backups/objects/" + sha.hex().substring(0, 2) + "/notes.txt"), "x");
        Files.createDirectories(dir.resolve("backups/objects/zz"));
        Files.writeString(dir.resolve("backups/objects/zz/" + "z".repeat(64)), "x");
        Files.createDirectories(dir.resolve("backups/manifests"));
        Files.writeString(dir.resolve("backups/manifests/../../escape.json"), "x");
        Files.writeString(dir.resolve("backups/manifests/not-an-id.json"), "x");
        Files.createDirectories(dir.resolve("backups/locks"));
        Files.writeString(dir.resolve("backups/locks/garbage.json"), "{not json");

        assertThat(listObjects()).containsExactly(sha);
        assertThat(target.manifests()).isEmpty();
        assertThat(target.locks()).isEmpty();
    }

    @Test
    void sweepingRemovesOnlyOldTemporaryFiles() throws Exception {
        Path tmp = Files.createDirectories(dir.resolve("backups/tmp"));
        Path old = Files.writeString(tmp.resolve("crashed.tmp"), "half");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path young = Files.writeString(tmp.resolve("writing.tmp"), "in progress");

        assertThat(target.sweepTemporary(Duration.ofHours(1))).isEqualTo(1);

        assertThat(old).doesNotExist();
        assertThat(young).exists();
    }

    @Test
    void aDataFolderLockIsExclusiveUntilReleased() throws Exception {
        DataFolders folders = new FsDataFolders(Clock.systemUTC());
        Path data = Files.createDirectories(dir.resolve("data"));

        DataFolders.Held held = folders.lock(data);
        assertThatThrownBy(() -> folders.lock(data)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("running Stowage service");
        held.close();
        held.close();

        try (DataFolders.Held again = folders.lock(data)) {
            assertThat(data.resolve(".lock")).exists();
        }
    }

    @Test
    void aBlobFolderIsABlobStoreInTheFilesystemLayout() throws Exception {
        var store = new FsDataFolders(Clock.systemUTC()).blobFolder(dir.resolve("restore/blobs"));

        store.put(new dev.stowage.domain.blob.BlobKey("documents/ab/x1"), new ByteArrayInputStream("doc".getBytes()),
                dev.stowage.application.port.out.BlobStore.PutOptions.unlimited());

        assertThat(new FsBlobStore(dir.resolve("restore/blobs"), Clock.systemUTC())
                .open(new dev.stowage.domain.blob.BlobKey("documents/ab/x1")).readAllBytes()).isEqualTo("doc".getBytes());
    }

    private static java.util.List<Path> listFiles(Path root) {
        if (!Files.exists(root)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
