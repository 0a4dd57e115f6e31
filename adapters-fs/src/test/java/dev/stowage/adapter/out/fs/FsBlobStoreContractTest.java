package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.testing.contract.BlobStoreContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

class FsBlobStoreContractTest extends BlobStoreContract {
    @TempDir
    Path dir;

    @Override
    protected BlobStore newStore() {
        return new FsBlobStore(dir.resolve("blobs"), Clock.systemUTC());
    }

    /** A process killed mid-put leaves a partly written temp file beside where the blob would go. */
    @Override
    protected void simulateCrashDuringPut(BlobStore store, BlobKey key) {
        Path target = ((FsBlobStore) store).paths().pathOf(key);
        try {
            Files.createDirectories(target.getParent());
            Files.write(target.resolveSibling(BlobPaths.newTempName()), new byte[1000]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
