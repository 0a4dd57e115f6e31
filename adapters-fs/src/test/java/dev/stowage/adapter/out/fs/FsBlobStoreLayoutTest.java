package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.BlobStore.PutOptions;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.testing.contract.Bytes;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot see: where files go, and that nothing escapes the root. */
class FsBlobStoreLayoutTest {
    @TempDir
    Path dir;

    @Test
    void hostileKeysAreRefusedBeforeTheyReachTheDisk() {
        for (String hostile : List.of("../escape", "a/../../b", "/etc/passwd", "a//b", ".", "..", "a/./b", "A", "a\\b", "a/b/")) {
            assertThatThrownBy(() -> new BlobKey(hostile)).as(hostile).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void thePathCheckRefusesAnythingThatResolvesOutsideTheRoot() {
        Path root = dir.resolve("blobs").toAbsolutePath().normalize();

        assertThatThrownBy(() -> FsIo.within(root, "../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FsIo.within(root, "ab/../../outside")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FsIo.within(root, "/etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FsIo.within(root, ".")).isInstanceOf(IllegalArgumentException.class);
        assertThat(FsIo.within(root, "ab/cd/x.blob")).startsWithRaw(root);
    }

    @Test
    void blobsLiveInTwoShardFoldersThenTheirKeysSegments() {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        BlobKey key = new BlobKey("docs/2024/report");

        store.put(key, new ByteArrayInputStream(Bytes.of(1, 10)), PutOptions.unlimited());

        Path file = store.paths().pathOf(key);
        Path rel = store.root().relativize(file);
        assertThat(rel.getNameCount()).isEqualTo(5);
        assertThat(rel.getName(0).toString()).matches("[0-9a-f]{2}");
        assertThat(rel.getName(1).toString()).matches("[0-9a-f]{2}");
        assertThat(rel.subpath(2, 5).toString().replace('\\', '/')).isEqualTo("docs.d/2024.d/report.blob");
        assertThat(file).isRegularFile().hasSize(BlobHeader.SIZE + 10);
        assertThat(store.paths().keyOf(file)).contains(key);
    }

    @Test
    void aFailedPutLeavesNoFileBehind() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());

        assertThatThrownBy(() -> store.put(new BlobKey("x/y"), Bytes.stream(2, 100_000), PutOptions.unlimited().withMaxBytes(10)))
                .isInstanceOf(InvalidInputException.class);

        assertThat(regularFiles(store.root())).isEmpty();
    }

    @Test
    void strayFilesAreNeitherListedNorSwept() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        store.put(new BlobKey("a"), new ByteArrayInputStream(Bytes.of(3, 10)), PutOptions.unlimited());
        Path stray = Files.writeString(Files.createDirectories(store.root().resolve("ab/cd/notes")).resolve("readme.txt"), "hi");
        Path tempLookalike = Files.writeString(store.root().resolve("ab/cd").resolve(".tmp-NOT-HEX"), "x");

        assertThat(store.list("")).toIterable().extracting(i -> i.key().value()).containsExactly("a");
        assertThat(store.sweepTemporary(Duration.ZERO)).isZero();
        assertThat(stray).exists();
        assertThat(tempLookalike).exists();
    }

    @Test
    void aDamagedBlobFileIsReportedAsCorrupt() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        BlobKey key = new BlobKey("damaged");
        store.put(key, new ByteArrayInputStream(Bytes.of(4, 100)), PutOptions.unlimited());
        Path file = store.paths().pathOf(key);
        Files.write(file, Bytes.slice(Files.readAllBytes(file), 0, BlobHeader.SIZE + 50));

        assertThatThrownBy(() -> store.stat(key)).isInstanceOf(StorageCorruptException.class).hasMessageContaining("damaged");
        assertThatThrownBy(() -> store.open(key)).isInstanceOf(StorageCorruptException.class);
    }

    @Test
    void deletingTheLastBlobOfAFolderRemovesTheEmptyKeyFolders() throws Exception {
        FsBlobStore store = new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());
        BlobKey key = new BlobKey("backups/b1/manifest");
        store.put(key, new ByteArrayInputStream(Bytes.of(5, 10)), PutOptions.unlimited());
        Path shard = store.paths().pathOf(key).getParent().getParent().getParent();

        store.delete(key);

        assertThat(shard).isDirectory();
        try (Stream<Path> left = Files.list(shard)) {
            assertThat(left).isEmpty();
        }
    }

    private static List<Path> regularFiles(Path root) throws Exception {
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            // the process's own lock file is how its temporary folder is known to be in use
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().equals(InstanceFolders.LOCK_FILE)).toList();
        }
    }
}
