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

    /**
     * A put that died in this (running) process leaves a partly written temp file in the process's
     * temporary folder; what a dead process leaves is {@link FsTempAreaTest}'s subject.
     */
    @Override
    protected void simulateCrashDuringPut(BlobStore store, BlobKey key) {
        try {
            Files.write(((FsBlobStore) store).temps().mine().resolve(BlobPaths.newTempName()), new byte[1000]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
