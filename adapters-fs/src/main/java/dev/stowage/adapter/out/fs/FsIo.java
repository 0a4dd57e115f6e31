package dev.stowage.adapter.out.fs;

import dev.stowage.domain.error.StorageException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/** File-system chores shared by the blob store and the staging area: error mapping and fsync. */
final class FsIo {
    private static final boolean WINDOWS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    private FsIo() {
    }

    /**
     * Turns an {@link IOException} into the storage error a caller can act on. The JDK reports
     * ENOSPC and EDQUOT only through the strerror text ("No space left on device", "Disk quota
     * exceeded"), either as the message of a plain IOException from {@code write}/{@code force} or
     * as the reason of a {@link FileSystemException}, so both are inspected along the cause chain.
     */
    static StorageException failure(String doing, IOException e) {
        if (isOutOfSpace(e)) {
            return new StorageFullException("the disk is full while " + doing, e);
        }
        return new StorageUnavailableException(doing + " failed: " + e, e);
    }

    static boolean isOutOfSpace(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String text = t instanceof FileSystemException fse && fse.getReason() != null
                    ? fse.getReason() + " " + t.getMessage()
                    : t.getMessage();
            if (text != null && (text.contains("No space left on device") || text.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Makes a rename or a new file in {@code dir} durable: POSIX only promises a directory entry
     * survives a crash once the directory itself is synced. Windows cannot open a directory as a
     * channel and journals renames itself, so there it is skipped.
     */
    static void fsyncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Resolves {@code relative} under {@code root} and refuses any result outside it. */
    static Path within(Path root, String relative) {
        Path resolved = root.resolve(relative).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root)) {
            // keys and ids are validated before they get here; this is the second line of defence
            throw new IllegalArgumentException("path '" + relative + "' resolves outside " + root);
        }
        return resolved;
    }
}
