package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.DataFolders;
import dev.stowage.domain.error.ConflictException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;

/**
 * Data folders on the local disk: blob folders in {@link FsBlobStore}'s layout, and the lock on a
 * data folder, an OS file lock on {@code <data folder>/.lock} that the kernel drops when its process
 * ends, so a {@code kill -9} never leaves a folder locked.
 */
final class FsDataFolders implements DataFolders {
    static final String LOCK_FILE = ".lock";

    private final Clock clock;

    FsDataFolders(Clock clock) {
        this.clock = clock;
    }

    @Override
    public BlobStore blobFolder(Path root) {
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw FsIo.failure("creating the blob folder " + root, e);
        }
        return new FsBlobStore(root.toAbsolutePath().normalize(), clock);
    }

    @Override
    public Held lock(Path dataDir) {
        Path file = dataDir.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw FsIo.failure("opening the lock file " + file, e);
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            closeQuietly(channel);
            throw FsIo.failure("locking the data folder " + dataDir, e);
        }
        if (lock == null) {
            closeQuietly(channel);
            throw new ConflictException("the data folder " + dataDir + " is in use by a running Stowage service "
                    + "(stop it first; its lock is " + file + ")");
        }
        FileLock held = lock;
        return new Held() {
            private boolean closed;

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    try {
                        held.release();
                    } catch (IOException ignored) {
                        // closing the channel releases it too
                    }
                    closeQuietly(channel);
                }
            }
        };
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing was written through it
        }
    }
}
