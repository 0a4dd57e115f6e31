package dev.stowage.adapter.out.fs;

import dev.stowage.application.concurrent.DaemonThreads;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.LookAhead;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Blobs as files under one root folder (layout in {@link BlobPaths}, file format in
 * {@link BlobHeader}).
 *
 * <p>A put writes a temporary file in this process's own folder of the temporary area
 * ({@value BlobPaths#TEMP_AREA}{@code /<instance>/}, see {@link InstanceFolders}), fsyncs it, renames
 * it over the target in one atomic step and fsyncs the target's folder: a reader sees the old file
 * or the new one, and a crash at any moment leaves at most a {@code .tmp-} file in the folder of a
 * process that is gone, which {@link #sweepTemporary} removes at once. Stores written before the
 * temporary area existed may still hold {@code .tmp-} files beside their blobs; those are judged by
 * age only.
 */
final class FsBlobStore implements BlobStore {
    /** Helpers for large puts ({@link BlobCopier}): beyond this many at once, copies run inline. */
    private static final int MAX_HELPERS = Math.max(4, 4 * Runtime.getRuntime().availableProcessors());
    /** A put retries this often when a concurrent delete prunes the folder it is writing into. */
    private static final int FOLDER_RACE_RETRIES = 5;

    private final BlobPaths paths;
    private final Clock clock;
    private final BlobCopier copier;
    private final InstanceFolders temps;

    FsBlobStore(Path root, Clock clock) {
        this.paths = new BlobPaths(Objects.requireNonNull(root, "root"));
        this.clock = Objects.requireNonNull(clock, "clock");
        this.copier = new BlobCopier(helpers());
        this.temps = new InstanceFolders(paths.tempArea(), clock);
    }

    /** The per-process folders of temporary files, for the part that sweeps and releases them. */
    InstanceFolders temps() {
        return temps;
    }

    /**
     * Daemon threads that come and go with large puts: none are kept idle for long, and none keep
     * the JVM alive, so the store needs no shutdown. A put that finds them all busy copies inline.
     */
    private static ThreadPoolExecutor helpers() {
        return new ThreadPoolExecutor(0, MAX_HELPERS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.numbered("stowage-fs-put-"));
    }

    Path root() {
        return paths.root();
    }

    /** Visible to tests that need to place files where the store would. */
    BlobPaths paths() {
        return paths;
    }

    @Override
    public BlobInfo put(BlobKey key, InputStream data, PutOptions options) {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(options, "options");
        Path target = paths.pathOf(key);
        Path dir = target.getParent();
        Path temp = null;
        FileChannel ch = null;
        try {
            for (int attempt = 1; ch == null; attempt++) {
                try {
                    temp = temps.mine().resolve(BlobPaths.newTempName());
                    ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                } catch (NoSuchFileException | FileAlreadyExistsException e) {
                    // our folder was swept as dead by mistake (its lock file removed by hand), or a name clash
                    temp = null;
                    if (attempt == FOLDER_RACE_RETRIES) {
                        throw e;
                    }
                }
            }
            BlobCopier.Copied copied = copier.copy(key, data, ch, BlobHeader.SIZE, options.maxBytes());
            long size = copied.size();
            Sha256 sha = copied.sha256();
            options.verify(key, size, sha);
            Instant storedAt = clock.instant();
            ByteBuffer header = BlobHeader.encode(size, storedAt, sha);
            while (header.hasRemaining()) {
                ch.write(header, header.position());
            }
            ch.force(true);
            ch.close();
            ch = null;
            moveIntoPlace(temp, target);
            temp = null;
            FsIo.fsyncDirectory(dir);
            return new BlobInfo(key, size, sha, storedAt);
        } catch (IOException e) {
            throw FsIo.failure("writing blob '" + key + "'", e);
        } finally {
            closeQuietly(ch);
            if (temp != null) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Renames the finished temp file onto its key. A concurrent delete may prune the key's folder
     * between our creating it and the rename, so a missing folder is made again and the rename
     * retried; a missing temp file (swept as too old) fails the put.
     */
    private static void moveIntoPlace(Path temp, Path target) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                Files.createDirectories(target.getParent());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                return;
            } catch (NoSuchFileException e) {
                if (attempt == FOLDER_RACE_RETRIES || !Files.exists(temp)) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<BlobInfo> stat(BlobKey key) {
        try (FileChannel ch = FileChannel.open(paths.pathOf(key), StandardOpenOption.READ)) {
            return Optional.of(BlobHeader.read(ch, key));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FsIo.failure("reading blob '" + key + "'", e);
        }
    }

    @Override
    public InputStream open(BlobKey key) {
        return openRange(key, null);
    }

    @Override
    public InputStream open(BlobKey key, ByteRange range) {
        return openRange(key, Objects.requireNonNull(range, "range"));
    }

    private InputStream openRange(BlobKey key, ByteRange range) {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(paths.pathOf(key), StandardOpenOption.READ);
            BlobInfo info = BlobHeader.read(ch, key);
            ByteRange wanted = range == null
                    ? null
                    : range.clip(info.size());
            InputStream in = wanted == null
                    ? new ChannelRangeInputStream(ch, BlobHeader.SIZE, info.size())
                    : new ChannelRangeInputStream(ch, BlobHeader.SIZE + wanted.first(), wanted.length());
            ch = null;
            return in;
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("blob", key);
        } catch (IOException e) {
            throw FsIo.failure("reading blob '" + key + "'", e);
        } finally {
            closeQuietly(ch);
        }
    }

    @Override
    public boolean delete(BlobKey key) {
        Path file = paths.pathOf(key);
        try {
            if (!Files.deleteIfExists(file)) {
                return false;
            }
            FsIo.fsyncDirectory(file.getParent());
        } catch (IOException e) {
            throw FsIo.failure("deleting blob '" + key + "'", e);
        }
        pruneEmptyFolders(file.getParent());
        return true;
    }

    /**
     * Removes key folders left empty, up to the shard folders (which stay: there are at most 65,536
     * and they are reused). A put racing into a folder being removed retries, see {@link #put}.
     */
    private void pruneEmptyFolders(Path dir) {
        Path root = paths.root();
        for (Path d = dir; d != null && root.relativize(d).getNameCount() > BlobPaths.SHARD_LEVELS; d = d.getParent()) {
            try {
                Files.delete(d);
            } catch (DirectoryNotEmptyException | NoSuchFileException e) {
                return;
            } catch (IOException e) {
                // an empty folder costs nothing; never fail a delete that already succeeded
                return;
            }
        }
    }

    /**
     * Walks the tree once, skipping folders whose keys cannot match, and keeps the matching keys in
     * order; the facts of each blob are read lazily as the caller iterates, and a blob deleted
     * meanwhile is skipped. Hash sharding scatters neighbouring keys, so the walk cannot be lazy
     * itself: it costs one directory read per folder and memory for the matching keys only.
     */
    @Override
    public Iterator<BlobInfo> list(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        TreeSet<String> keys = new TreeSet<>();
        Path root = paths.root();
        if (!Files.isDirectory(root)) {
            return java.util.Collections.emptyIterator();
        }
        try {
            Files.walkFileTree(root, new TolerantWalk() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(temps.parent())) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    Optional<String> under = paths.keyPrefixOf(root.relativize(dir));
                    if (under.isEmpty()) {
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    String p = under.get();
                    return p.startsWith(prefix) || prefix.startsWith(p)
                            ? FileVisitResult.CONTINUE
                            : FileVisitResult.SKIP_SUBTREE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.isRegularFile()) {
                        paths.keyOf(file).map(BlobKey::value).filter(k -> k.startsWith(prefix)).ifPresent(keys::add);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw FsIo.failure("listing blobs under '" + prefix + "'", e);
        }
        return LookAhead.present(keys.iterator(), name -> stat(new BlobKey(name)));
    }

    /**
     * Lists the files of every process's temporary folder (by the state of its lock) and the
     * {@code .tmp-} files an older layout left beside blobs (owner unknown).
     */
    @Override
    public List<Temporary> temporaries() {
        var out = new ArrayList<Temporary>();
        try {
            for (InstanceFolders.Folder folder : temps.list()) {
                Temporary.Owner owner = folder.owner() == InstanceFolders.Owner.DEAD
                        ? Temporary.Owner.DEAD
                        : Temporary.Owner.RUNNING;
                walkTemporaries(folder.path(), (file, attrs) -> out.add(temporary(file, attrs, owner)));
            }
            walkTemporaries(paths.root(), (file, attrs) -> out.add(temporary(file, attrs, Temporary.Owner.UNKNOWN)));
        } catch (IOException e) {
            throw FsIo.failure("listing temporary files under " + paths.root(), e);
        }
        return out;
    }

    private Temporary temporary(Path file, BasicFileAttributes attrs, Temporary.Owner owner) {
        return new Temporary(paths.root().relativize(file).toString(), attrs.size(),
                attrs.lastModifiedTime().toInstant(), owner);
    }

    /**
     * Deletes at once the folders of processes that are gone, and otherwise {@code .tmp-} files
     * whose last write is at least {@code olderThan} ago. A put in progress keeps writing its temp
     * file, so a threshold longer than the slowest put spares it; a put whose temp file is swept
     * anyway fails cleanly at the rename.
     */
    @Override
    public int sweepTemporary(Duration olderThan) {
        Objects.requireNonNull(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        int[] removed = {0};
        try {
            removed[0] += temps.removeDead();
            for (InstanceFolders.Folder folder : temps.list()) {
                if (folder.owner() != InstanceFolders.Owner.DEAD) {
                    walkTemporaries(folder.path(), (file, attrs) -> removed[0] += deleteIfOlder(file, attrs, cutoff));
                }
            }
            walkTemporaries(paths.root(), (file, attrs) -> removed[0] += deleteIfOlder(file, attrs, cutoff));
        } catch (IOException e) {
            throw FsIo.failure("sweeping temporary files under " + paths.root(), e);
        }
        return removed[0];
    }

    private static int deleteIfOlder(Path file, BasicFileAttributes attrs, Instant cutoff) throws IOException {
        return !attrs.lastModifiedTime().toInstant().isAfter(cutoff) && Files.deleteIfExists(file) ? 1 : 0;
    }

    private interface TempVisitor {
        void visit(Path file, BasicFileAttributes attrs) throws IOException;
    }

    /**
     * Visits the {@code .tmp-} files under {@code top}; from the store's root, the temporary area
     * is left out (its folders are judged by their locks).
     */
    private void walkTemporaries(Path top, TempVisitor visitor) throws IOException {
        if (!Files.isDirectory(top)) {
            return;
        }
        boolean fromRoot = top.equals(paths.root());
        Files.walkFileTree(top, new TolerantWalk() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return fromRoot && dir.equals(temps.parent()) ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile() && BlobPaths.isTempName(file.getFileName().toString())) {
                    visitor.visit(file, attrs);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    @Override
    public String backendName() {
        return "fs";
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // the put already failed or succeeded; a close error adds nothing
            }
        }
    }

    private static void deleteQuietly(Path temp) {
        try {
            Files.deleteIfExists(temp);
        } catch (IOException ignored) {
            // the sweeper removes what we could not
        }
    }
}
