package dev.stowage.application.service.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Switches a restored database and blob folder into a data folder, so that after a crash at any
 * moment the folder ends up wholly the old state or wholly the new one.
 *
 * <p>The restore builds the new state in a staging folder beside the data folder and checks it
 * completely first. Then a journal, {@code .restore-journal} in the data folder, records the
 * staging and previous folders and the phase: in phase A the current items (the database, its WAL
 * and shared-memory files, the log of its changed pages that incremental backups read, the blob
 * folder) move into the previous folder, so that nothing describing the old database stays beside
 * the new one; in phase B the staged
 * items move in. Each move is a rename within one disk and is done only if it is still to be done,
 * so either phase can be run again. Once phase B is done the previous and staging folders are
 * deleted, and removing the journal ends the switch, so a kill during the deletion is finished by
 * the next {@link #recover}. Until the journal is written nothing in the data folder has changed; once
 * it is, {@link #recover} finishes the switch forward (the staged state was complete and checked
 * before the journal was written). Everything else in the data folder (the backup folder, tmp) stays.
 */
public final class DataFolderSwitch {
    static final String DB_FILE = "stowage.db";
    static final String BLOBS = "blobs";
    static final String JOURNAL = ".restore-journal";
    private static final List<String> CURRENT_ITEMS = List.of(DB_FILE, DB_FILE + "-wal", DB_FILE + "-shm", DB_FILE + "-changes",
            BLOBS);
    private static final List<String> STAGED_ITEMS = List.of(DB_FILE, BLOBS);

    private DataFolderSwitch() {
    }

    /**
     * Finishes a switch that a crash interrupted, if there is one; call it before anything opens
     * the data folder (start-up does). Does nothing when the folder has no journal.
     *
     * @return true when an interrupted switch was finished
     */
    public static boolean recover(Path dataDir) {
        Path journal = dataDir.resolve(JOURNAL);
        if (!Files.isRegularFile(journal)) {
            return false;
        }
        try {
            Properties p = new Properties();
            try (var in = Files.newInputStream(journal)) {
                p.load(in);
            }
            Path staging = sibling(dataDir, p.getProperty("staging"));
            Path previous = sibling(dataDir, p.getProperty("previous"));
            if ("A".equals(p.getProperty("phase"))) {
                moveOut(dataDir, previous);
                writeJournal(dataDir, staging, previous, "B");
            }
            moveIn(dataDir, staging);
            commit(dataDir, staging, previous);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("finishing the interrupted restore in " + dataDir + " failed: " + e, e);
        }
    }

    /** Switches {@code staging}'s database and blob folder into {@code dataDir}, keeping the old until done. */
    static void switchIn(Path dataDir, Path staging, String id) throws IOException {
        Path previous = dataDir.resolveSibling(dataDir.getFileName() + ".previous-" + id.toLowerCase(Locale.ROOT));
        deleteTree(previous);
        writeJournal(dataDir, staging, previous, "A");
        moveOut(dataDir, previous);
        writeJournal(dataDir, staging, previous, "B");
        moveIn(dataDir, staging);
        commit(dataDir, staging, previous);
    }

    private static void moveOut(Path dataDir, Path previous) throws IOException {
        Files.createDirectories(previous);
        for (String item : CURRENT_ITEMS) {
            Path from = dataDir.resolve(item);
            Path to = previous.resolve(item);
            if (Files.exists(from) && !Files.exists(to)) {
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            }
        }
        fsyncDirectory(previous);
        fsyncDirectory(dataDir);
    }

    private static void moveIn(Path dataDir, Path staging) throws IOException {
        for (String item : STAGED_ITEMS) {
            Path from = staging.resolve(item);
            if (Files.exists(from)) {
                Files.move(from, dataDir.resolve(item), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        fsyncDirectory(dataDir);
    }

    /**
     * Ends a switch whose new state is in place. The journal goes last: a kill while the old state
     * is being deleted leaves the journal, so the next start finishes the deletion instead of
     * leaving a {@code .previous-} folder behind for good.
     */
    private static void commit(Path dataDir, Path staging, Path previous) throws IOException {
        deleteTree(previous);
        deleteTree(staging);
        Files.deleteIfExists(dataDir.resolve(JOURNAL));
        fsyncDirectory(dataDir);
    }

    private static void writeJournal(Path dataDir, Path staging, Path previous, String phase) throws IOException {
        String text = "staging=" + staging.getFileName() + "\nprevious=" + previous.getFileName() + "\nphase=" + phase + "\n";
        Path temp = dataDir.resolve(JOURNAL + ".tmp");
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        Files.move(temp, dataDir.resolve(JOURNAL), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsyncDirectory(dataDir);
    }

    /** A folder beside {@code dataDir} named in the journal; a name with a separator is refused. */
    private static Path sibling(Path dataDir, String name) throws IOException {
        if (name == null || name.isEmpty() || name.contains("/") || name.contains("\\") || name.startsWith(".")) {
            throw new IOException("the restore journal in " + dataDir + " is damaged");
        }
        return dataDir.resolveSibling(name);
    }

    static void fsyncDirectory(Path dir) throws IOException {
        if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
