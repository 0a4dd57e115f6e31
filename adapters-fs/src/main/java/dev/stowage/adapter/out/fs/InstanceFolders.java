package dev.stowage.adapter.out.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Temporary folders, one per process instance, under one parent: {@code <parent>/<pid>-<jvm>-<n>/}.
 * Each holds a {@value #LOCK_FILE} file that its process keeps locked with an OS file lock for as
 * long as it runs. The kernel drops the lock when the process ends, however it ends ({@code kill
 * -9}, a power cut ends every process), so a folder whose lock can be taken belongs to nobody and
 * everything in it is garbage at once, whatever its age.
 *
 * <p>Locks are per process, not per thread or channel: a second lock on a file this JVM already
 * holds fails with {@link OverlappingFileLockException}, and on POSIX closing any channel to a file
 * drops this process's lock on it. So folders of this JVM are recognised by the JVM's token in
 * their name and their lock file is never opened a second time.
 */
final class InstanceFolders {
    static final String LOCK_FILE = "owner.lock";
    /** A folder that has no lock file yet is being created, unless it is older than this. */
    private static final Duration CREATION = Duration.ofMinutes(1);
    /** Names the folders of this JVM: random, so a reused pid does not make a dead folder look alive. */
    private static final String JVM = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong());

    /** Whose a folder is. */
    enum Owner {
        THIS_PROCESS, OTHER_PROCESS, DEAD
    }

    /** A folder and what its lock says. */
    record Folder(Path path, Owner owner) {
    }

    private final Path parent;
    private final Clock clock;
    private Path mine;
    private FileChannel lockChannel;
    private FileLock lock;

    InstanceFolders(Path parent, Clock clock) {
        this.parent = Objects.requireNonNull(parent, "parent").toAbsolutePath().normalize();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    Path parent() {
        return parent;
    }

    /** This instance's folder, created and locked on first use (again after {@link #release}). */
    synchronized Path mine() throws IOException {
        if (mine != null && Files.isDirectory(mine)) {
            return mine;
        }
        release();
        Files.createDirectories(parent);
        Path dir = parent.resolve(ProcessHandle.current().pid() + "-" + JVM + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()));
        Files.createDirectory(dir);
        FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        try {
            lock = ch.lock();
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        lockChannel = ch;
        mine = dir;
        return dir;
    }

    /**
     * Lets this instance's folder go: deletes it with whatever is left in it and drops the lock.
     * Called when the owner stops, after its writes have ended. Idempotent.
     */
    synchronized void release() throws IOException {
        if (mine == null) {
            return;
        }
        Path dir = mine;
        mine = null;
        try {
            deleteTree(dir);
        } finally {
            FileChannel ch = lockChannel;
            lockChannel = null;
            lock = null;
            ch.close(); // closing the channel releases the lock
        }
    }

    /** Every instance folder under the parent and whether its process runs. */
    List<Folder> list() throws IOException {
        var out = new ArrayList<Folder>();
        if (!Files.isDirectory(parent)) {
            return out;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path dir : dirs) {
                out.add(new Folder(dir, ownerOf(dir)));
            }
        }
        return out;
    }

    /**
     * Deletes every folder whose process is gone, with everything in it.
     *
     * @return how many files they held (lock files not counted)
     */
    int removeDead() throws IOException {
        int removed = 0;
        if (!Files.isDirectory(parent)) {
            return 0;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, Files::isDirectory)) {
            for (Path dir : dirs) {
                removed += removeIfDead(dir);
            }
        }
        return removed;
    }

    private Owner ownerOf(Path dir) throws IOException {
        if (isOfThisJvm(dir)) {
            return Owner.THIS_PROCESS;
        }
        try (FileChannel ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE)) {
            FileLock probe = tryLock(ch);
            if (probe == null) {
                return Owner.OTHER_PROCESS;
            }
            probe.release();
            return Owner.DEAD;
        } catch (NoSuchFileException e) {
            return isBeingCreated(dir) ? Owner.OTHER_PROCESS : Owner.DEAD;
        }
    }

    /** Holds the dead folder's lock while deleting it, so two sweepers never delete one folder at once. */
    private int removeIfDead(Path dir) throws IOException {
        if (isOfThisJvm(dir)) {
            return 0;
        }
        FileChannel ch;
        try {
            ch = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            return isBeingCreated(dir) ? 0 : deleteTree(dir);
        }
        try (ch) {
            FileLock held = tryLock(ch);
            if (held == null) {
                return 0;
            }
            return deleteTree(dir);
        }
    }

    /** {@code null} when another process holds the lock, or another thread here is sweeping the folder. */
    private static FileLock tryLock(FileChannel ch) throws IOException {
        try {
            return ch.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    private boolean isBeingCreated(Path dir) throws IOException {
        try {
            return Files.getLastModifiedTime(dir).toInstant().isAfter(clock.instant().minus(CREATION));
        } catch (NoSuchFileException e) {
            return true; // gone meanwhile: nothing to do
        }
    }

    static boolean isOfThisJvm(Path dir) {
        return dir.getFileName().toString().contains("-" + JVM + "-");
    }

    /** Deletes a folder tree that no writer uses; returns how many files it held, lock files not counted. */
    private static int deleteTree(Path dir) throws IOException {
        int[] files = {0};
        try {
            Files.walkFileTree(dir, new TolerantWalk() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (Files.deleteIfExists(file) && !file.getFileName().toString().equals(LOCK_FILE)) {
                        files[0]++;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null && !(e instanceof NoSuchFileException)) {
                        throw e;
                    }
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // another sweeper was first
        }
        return files[0];
    }
}
