package dev.stowage.adapter.out.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.testing.contract.Bytes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The copy at chunk boundaries, past the flush threshold, with and without free helpers. */
class BlobCopierTest {
    private static final BlobKey KEY = new BlobKey("copied");
    private static final int CHUNK = BlobCopier.CHUNK;

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newCachedThreadPool();

    @AfterEach
    void stopPool() {
        pool.shutdownNow();
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 4L * CHUNK, 5L * CHUNK - 1, 9L * CHUNK + 7})
    void copiesEveryByteAndDigestsAroundChunkBoundaries(long size) throws IOException {
        assertCopies(new BlobCopier(pool), size);
    }

    @Test
    void aCopyPastTheFlushThresholdFlushesInTheBackgroundAndStaysExact() throws IOException {
        assertCopies(new BlobCopier(pool), BlobCopier.FLUSH_EVERY * 2 + 12345);
    }

    @Test
    void withNoHelperFreeTheCopyRunsInline() throws IOException {
        Executor busy = task -> {
            throw new RejectedExecutionException("busy");
        };
        assertCopies(new BlobCopier(busy), BlobCopier.FLUSH_EVERY + 3L * CHUNK + 1);
    }

    @Test
    void passingTheLimitInALargeCopyFailsAsTooLarge() throws IOException {
        try (FileChannel ch = open()) {
            assertThatThrownBy(() -> new BlobCopier(pool).copy(KEY, Bytes.stream(1, 10L * CHUNK), ch, 0, 6L * CHUNK + 5))
                    .isInstanceOfSatisfying(TooLargeException.class, e -> assertThat(e.limit()).isEqualTo(6L * CHUNK + 5));
        }
    }

    @Test
    void aSourceFailingInALargeCopyFailsAsTheCallersProblem() throws IOException {
        InputStream failing = new InputStream() {
            private long left = 3L * CHUNK + 10;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (left <= 0) {
                    throw new IOException("connection reset");
                }
                int n = (int) Math.min(len, left);
                left -= n;
                return n;
            }
        };
        try (FileChannel ch = open()) {
            assertThatThrownBy(() -> new BlobCopier(pool).copy(KEY, failing, ch, 0, Long.MAX_VALUE))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("connection reset");
        }
    }

    private void assertCopies(BlobCopier copier, long size) throws IOException {
        Path file = dir.resolve("blob-" + size);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            BlobCopier.Copied copied = copier.copy(KEY, Bytes.stream(size, size), ch, 10, Long.MAX_VALUE);

            assertThat(copied.size()).isEqualTo(size);
            assertThat(copied.sha256()).isEqualTo(Bytes.sha256(Bytes.stream(size, size)));
        }
        assertThat(Files.size(file)).isEqualTo(size == 0 ? 0 : size + 10);
        try (InputStream in = Files.newInputStream(file)) {
            in.skipNBytes(Math.min(10, Files.size(file)));
            assertThat(Bytes.sha256(in)).isEqualTo(Bytes.sha256(Bytes.stream(size, size)));
        }
    }

    private FileChannel open() throws IOException {
        return FileChannel.open(dir.resolve("limited"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
}
