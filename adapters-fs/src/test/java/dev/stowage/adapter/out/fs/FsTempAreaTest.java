package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.application.port.out.BlobStore.Temporary;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.testing.contract.Bytes;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The temporary area's folders per process, within one JVM: a folder whose lock nobody holds is a
 * dead process's and goes at once, whatever its age; this process's folder stays until it stops.
 * That another live process's folder is left alone needs a second process: the bootstrap module's
 * {@code CrashLeftoversProcessTest} shows it with real ones.
 */
class FsTempAreaTest {
    @TempDir
    Path dir;

    private final Clock clock = Clock.systemUTC();

    /** A folder as a killed process leaves it: a lock file nobody holds and a half-written temp file. */
    private Path deadFolder(FsBlobStore store, String name, int bytes) throws Exception {
        Path folder = Files.createDirectories(store.temps().parent().resolve(name));
        Files.createFile(folder.resolve(InstanceFolders.LOCK_FILE));
        Files.write(folder.resolve(BlobPaths.newTempName()), new byte[bytes]);
        return folder;
    }

    @Test
    void aDeadProcessesFilesAreListedAsSuchAndSweptAtOnceWhateverTheirAge() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), clock);
        store.put(new BlobKey("kept"), new ByteArrayInputStream(Bytes.of(1, 10)), PutOptions.unlimited());
        Path dead = deadFolder(store, "4242-0000000000000000-00000001", 5000);
        Path mine = store.temps().mine();
        Files.write(mine.resolve(BlobPaths.newTempName()), new byte[700]);

        assertThat(store.temporaries()).extracting(Temporary::owner, Temporary::bytes)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(Temporary.Owner.DEAD, 5000L),
                        org.assertj.core.groups.Tuple.tuple(Temporary.Owner.RUNNING, 700L));

        assertThat(store.sweepTemporary(Duration.ofDays(1))).isEqualTo(1);
        assertThat(dead).doesNotExist();
        assertThat(store.temporaries()).extracting(Temporary::owner).containsExactly(Temporary.Owner.RUNNING);
        assertThat(store.list("")).toIterable().extracting(i -> i.key().value()).containsExactly("kept");
    }

    @Test
    void startUpRemovesDeadFoldersAndStopRemovesThisProcesssOwn() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), clock);
        Path dead = deadFolder(store, "17-1111111111111111-00000002", 100);
        Path mine = store.temps().mine();
        var area = new FsTempArea(store.temps(), true);

        area.start();
        assertThat(dead).doesNotExist();
        assertThat(mine).isDirectory();

        area.stop();
        assertThat(mine).doesNotExist();
        store.put(new BlobKey("after-stop"), new ByteArrayInputStream(Bytes.of(2, 10)), PutOptions.unlimited());
        assertThat(store.stat(new BlobKey("after-stop"))).isPresent();
    }

    @Test
    void aCheckThatMustReportLeftoversLeavesThemAtStartUp() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), clock);
        Path dead = deadFolder(store, "17-2222222222222222-00000003", 100);

        new FsTempArea(store.temps(), false).start();

        assertThat(dead).isDirectory();
        assertThat(store.temporaries()).extracting(Temporary::owner).containsExactly(Temporary.Owner.DEAD);
    }

    @Test
    void aFolderWithoutItsLockFileIsBeingCreatedWhileYoungAndDeadOnceOld() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), clock);
        Path young = Files.createDirectories(store.temps().parent().resolve("9-3333333333333333-00000004"));
        Path old = Files.createDirectories(store.temps().parent().resolve("9-4444444444444444-00000005"));
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofHours(2))));

        store.sweepTemporary(Duration.ofDays(1));

        assertThat(young).isDirectory();
        assertThat(old).doesNotExist();
    }

    @Test
    void tempFilesOfTheOlderLayoutBesideBlobsAreJudgedByAge() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), clock);
        Path beside = store.paths().pathOf(new BlobKey("legacy/x")).resolveSibling(BlobPaths.newTempName());
        Files.createDirectories(beside.getParent());
        Files.write(beside, new byte[300]);

        assertThat(store.temporaries()).extracting(Temporary::owner, Temporary::bytes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Temporary.Owner.UNKNOWN, 300L));
        assertThat(store.sweepTemporary(Duration.ofHours(1))).isZero();
        assertThat(store.sweepTemporary(Duration.ZERO)).isEqualTo(1);
        assertThat(beside).doesNotExist();
    }
}
