package dev.stowage.bootstrap.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a download beside its target under a temporary name, syncs it, lets the caller check what
 * arrived, and only then renames it into place (replacing a file of that name), so a failed
 * download leaves nothing half-written.
 */
final class SafeFile {
    private SafeFile() {
    }

    /**
     * @param stem   a short name of what is saved, for the temporary file's name ([a-z0-9-])
     * @param verify runs once every byte is on disk and before the rename; a throw keeps the target untouched
     */
    static void save(String stem, InputStream bytes, Path target, Runnable verify) throws IOException {
        Path folder = target.getParent();
        // A bounded, hidden name of our own: the target's name could be near the file system's limit.
        Path temp = folder.resolve(".stowage-" + stem + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()) + ".part");
        boolean moved = false;
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                // Ctrl-C ends the JVM without running the finally below; its shutdown still removes this.
                temp.toFile().deleteOnExit();
                bytes.transferTo(Channels.newOutputStream(channel));
                channel.force(true);
            }
            verify.run();
            try {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(temp);
            }
        }
    }
}
