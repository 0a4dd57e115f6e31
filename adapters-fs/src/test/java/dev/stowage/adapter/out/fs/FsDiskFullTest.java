package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Ulid;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.testing.contract.Bytes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real full disk: a 2 MiB tmpfs mounted for the test. Mounting needs root (or CAP_SYS_ADMIN);
 * where that is not allowed the tests are skipped with the reason.
 */
class FsDiskFullTest {
    private static final long SMALL_DISK = 2L * 1024 * 1024;

    @TempDir
    Path dir;
    private Path mountPoint;
    private boolean mounted;

    @BeforeEach
    void mountSmallDisk() throws Exception {
        mountPoint = Files.createDirectories(dir.resolve("small-disk"));
        String result = run("mount", "-t", "tmpfs", "-o", "size=" + SMALL_DISK, "tmpfs", mountPoint.toString());
        assumeTrue(result == null, () -> "cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN): " + result);
        mounted = true;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            String result = run("umount", mountPoint.toString());
            assertThat(result).as("umount of %s", mountPoint).isNull();
        }
    }

    @Test
    void aBlobThatDoesNotFitFailsAsStorageFullAndLeavesNothing() throws Exception {
        FsBlobStore store = new FsBlobStore(mountPoint.resolve("blobs"), Clock.systemUTC());

        assertThatThrownBy(() -> store.put(new BlobKey("big/one"), Bytes.stream(1, 3 * SMALL_DISK), PutOptions.unlimited()))
                .isInstanceOf(StorageFullException.class)
                .hasMessageContaining("disk is full");

        assertThat(regularFiles(mountPoint)).as("nothing but this process's lock file")
                .allSatisfy(p -> assertThat(p.getFileName()).hasToString(InstanceFolders.LOCK_FILE));
        assertThat(store.stat(new BlobKey("big/one"))).isEmpty();
        byte[] small = Bytes.of(2, 10_000);
        store.put(new BlobKey("small/one"), new ByteArrayInputStream(small), PutOptions.unlimited());
        assertThat(Bytes.readAll(store.open(new BlobKey("small/one")))).isEqualTo(small);
        store.temps().release(); // as at stop: the lock file's open channel would keep the disk busy
    }

    @Test
    void aChunkThatDoesNotFitFailsAsStorageFullAndKeepsTheUploadAtItsOffset() {
        FsUploadStaging staging = new FsUploadStaging(mountPoint.resolve("uploads"));
        UploadId id = new UploadId(Ulid.format(1_700_000_000_000L, 0, 1));
        staging.create(id);
        byte[] first = Bytes.of(3, 1000);
        staging.append(id, 0, new ByteArrayInputStream(first), Long.MAX_VALUE);

        assertThatThrownBy(() -> staging.append(id, 1000, Bytes.stream(4, 3 * SMALL_DISK), Long.MAX_VALUE))
                .isInstanceOf(StorageFullException.class);

        assertThat(staging.length(id)).isEqualTo(1000);
        assertThat(staging.append(id, 1000, new ByteArrayInputStream(first), Long.MAX_VALUE)).isEqualTo(2000);
    }

    /** Runs a command; null when it succeeded, else what went wrong. */
    private static String run(String... command) throws InterruptedException {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return String.join(" ", command) + " did not finish";
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 ? null : String.join(" ", command) + " exited " + p.exitValue() + ": " + output;
        } catch (IOException e) {
            return String.join(" ", command) + " could not run: " + e.getMessage();
        }
    }

    private static List<Path> regularFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }
}
