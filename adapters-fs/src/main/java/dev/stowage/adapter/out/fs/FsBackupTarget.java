package dev.stowage.adapter.out.fs;

import dev.stowage.application.concurrent.ParallelIo;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.ChecksumMismatchException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;

/**
 * A backup target in a local folder:
 *
 * <pre>
 *   objects/&lt;first two hex digits&gt;/&lt;sha256&gt;   snapshots and blobs, by digest
 *   manifests/&lt;backup id&gt;.json                 one per backup, written last
 *   locks/&lt;lock id&gt;.json                        backups and prunes in progress
 *   tmp/                                          writes in progress; nothing else looks here
 * </pre>
 *
 * <p>Every file is written under {@code tmp/}, synced, and then renamed into place (a manifest is
 * linked, so that an existing one is never replaced), and the folder it lands in is synced, so after
 * a crash a name holds its whole content or does not exist. Names are made from digests, backup ids
 * and lock ids, each validated, never from user input.
 */
final class FsBackupTarget implements BackupTarget {
    private static final int BUFFER = 128 * 1024;
    private static final String MANIFEST_SUFFIX = ".json";

    private final Path root;
    private final Path objects;
    private final Path manifests;
    private final Path locks;
    private final Path tmp;
    private final Clock clock;

    FsBackupTarget(Path root, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.objects = this.root.resolve("objects");
        this.manifests = this.root.resolve("manifests");
        this.locks = this.root.resolve("locks");
        this.tmp = this.root.resolve("tmp");
        this.clock = clock;
    }

    // ---- objects ----

    @Override
    public Optional<Long> objectSize(Sha256 sha256) {
        Path file = objectPath(Checks.present(sha256, "sha256"));
        try {
            return Optional.of(Files.size(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw FsIo.failure("reading the size of backup object " + sha256, e);
        }
    }

    @Override
    public boolean putObject(Sha256 sha256, long size, InputStream data) {
        return put(sha256, size, data, true, this::publishWritten);
    }

    /**
     * One pass: the bytes are hashed a slice at a time as they are written to a temporary file, which
     * is then synced and renamed to the digest's name (or dropped when an object of that name exists).
     */
    @Override
    public Stored putObject(byte[] bytes, int offset, int length) {
        return put(bytes, offset, length, true, this::publishWritten);
    }

    /** What becomes of an object's temporary file once written: true when it is kept (for a batch), else it is deleted. */
    private interface Placement {
        boolean place(Path temp, Path target) throws IOException;
    }

    private boolean publishWritten(Path temp, Path target) throws IOException {
        publish(temp, target);
        return false;
    }

    /** Writes {@code data} to a temporary file, checked (and synced when {@code sync}), unless the object is present. */
    private boolean put(Sha256 sha256, long size, InputStream data, boolean sync, Placement placement) {
        Path target = objectPath(Checks.present(sha256, "sha256"));
        if (Files.exists(target)) {
            return false;
        }
        Path temp = newTemp();
        boolean kept = false;
        try {
            writeChecked(temp, sha256, size, data, sync);
            kept = placement.place(temp, target);
            return true;
        } catch (IOException e) {
            throw FsIo.failure("writing backup object " + sha256, e);
        } finally {
            if (!kept) {
                deleteQuietly(temp);
            }
        }
    }

    /** Writes the bytes to a temporary file, hashing them (and syncing when {@code sync}), and names them by their digest. */
    private Stored put(byte[] bytes, int offset, int length, boolean sync, Placement placement) {
        Path temp = newTemp();
        boolean kept = false;
        try {
            Sha256 sha = writeHashed(temp, bytes, offset, length, sync);
            if (Files.exists(objectPath(sha))) {
                return new Stored(sha, false);
            }
            kept = placement.place(temp, objectPath(sha));
            return new Stored(sha, true);
        } catch (IOException e) {
            throw FsIo.failure("writing a backup object", e);
        } finally {
            if (!kept) {
                deleteQuietly(temp);
            }
        }
    }

    /**
     * Writes {@code data} into {@code temp}, checking that exactly {@code size} bytes with digest
     * {@code sha256} arrive; syncs the file when {@code sync}.
     */
    private static void writeChecked(Path temp, Sha256 sha256, long size, InputStream data, boolean sync) throws IOException {
        Checks.present(data, "data");
        if (size < 0) {
            throw new InvalidInputException("an object's size must not be negative");
        }
        MessageDigest md = sha256();
        long count = 0;
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
             OutputStream out = Channels.newOutputStream(ch)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = readAtMost(data, buffer, size + 1 - count)) > 0; ) {
                md.update(buffer, 0, n);
                out.write(buffer, 0, n);
                count += n;
            }
            if (count != size) {
                throw new ChecksumMismatchException("object " + sha256 + " was declared as " + size + " bytes but "
                        + (count > size ? "more" : String.valueOf(count)) + " arrived");
            }
            Sha256 actual = Sha256.of(md.digest());
            if (!actual.equals(sha256)) {
                throw new ChecksumMismatchException("object " + sha256 + " arrived with SHA-256 " + actual);
            }
            if (sync) {
                ch.force(true);
            }
        }
    }

    /** Writes the bytes into {@code temp}, hashing each slice as it goes; syncs the file when {@code sync}. */
    private static Sha256 writeHashed(Path temp, byte[] bytes, int offset, int length, boolean sync) throws IOException {
        Checks.present(bytes, "bytes");
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        MessageDigest md = sha256();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int at = 0; at < length; at += BUFFER) {
                int n = Math.min(BUFFER, length - at);
                // hashed while the slice is in the CPU's cache, then written
                md.update(bytes, offset + at, n);
                java.nio.ByteBuffer slice = java.nio.ByteBuffer.wrap(bytes, offset + at, n);
                while (slice.hasRemaining()) {
                    ch.write(slice);
                }
            }
            if (sync) {
                ch.force(true);
            }
        }
        return Sha256.of(md.digest());
    }

    /**
     * Objects written to {@code tmp/} unsynced and synced in groups of 64 MiB by the writer that fills
     * a group; at {@link Batch#commit} the rest is synced from several threads at once (so the file
     * system gathers them into few journal commits), all are renamed into place, and each folder they
     * land in synced once: the same guarantee as one object at a time (a name holds its whole content
     * or does not exist), with far fewer waits for the disk, and never gigabytes of dirty pages left
     * for the database's commits to wait behind.
     */
    @Override
    public Batch batch() {
        return new FsBatch();
    }

    private final class FsBatch implements Batch {
        /** Temporary file, then its object's place; added from the writer threads. */
        private final List<Path[]> pending = java.util.Collections.synchronizedList(new ArrayList<>());
        /** Temporary files written since the last group was synced, and their bytes; guarded by {@code this}. */
        private final List<Path> unsynced = new ArrayList<>();
        private long unsyncedBytes;
        private volatile boolean committed;

        @Override
        public boolean putObject(Sha256 sha256, long size, InputStream data) {
            return put(sha256, size, data, false, (temp, target) -> keep(temp, target, size));
        }

        @Override
        public Stored putObject(byte[] bytes, int offset, int length) {
            return put(bytes, offset, length, false, (temp, target) -> keep(temp, target, length));
        }

        /**
         * Keeps the file for the commit, and syncs the files written so far once they hold
         * {@link #SYNC_GROUP_BYTES}: the writer that fills a group syncs it while the others go on. Left
         * all to the commit, a backup leaves gigabytes of dirty pages for one burst at its end, which
         * the database's own syncs would meet (on ext4 a file's fsync waits for the journal, which
         * waits for data written before it); in groups, what is unsynced stays bounded.
         */
        private boolean keep(Path temp, Path target, long size) throws IOException {
            pending.add(new Path[] {temp, target});
            List<Path> group = null;
            synchronized (this) {
                unsynced.add(temp);
                unsyncedBytes += size;
                if (unsyncedBytes >= SYNC_GROUP_BYTES) {
                    group = new ArrayList<>(unsynced);
                    unsynced.clear();
                    unsyncedBytes = 0;
                }
            }
            if (group != null) {
                for (Path file : group) {
                    force(file);
                }
            }
            return true;
        }

        @Override
        public void commit() {
            List<Path[]> all;
            synchronized (pending) {
                all = new ArrayList<>(pending);
            }
            List<Path> rest;
            synchronized (this) {
                rest = new ArrayList<>(unsynced);
                unsynced.clear();
                unsyncedBytes = 0;
            }
            try {
                // the groups the writers synced are durable already; the rest is synced together here
                ParallelIo.forEach(rest, SYNC_THREADS, "backup-sync", FsBackupTarget::force);
                var folders = new java.util.TreeSet<Path>();
                boolean created = false;
                for (Path[] p : all) {
                    Path dir = p[1].getParent();
                    if (folders.add(dir) && !Files.isDirectory(dir)) {
                        Files.createDirectories(dir);
                        created = true;
                    }
                    Files.move(p[0], p[1], StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                if (created) {
                    FsIo.fsyncDirectory(objects);
                }
                ParallelIo.forEach(folders, SYNC_THREADS, "backup-sync", FsIo::fsyncDirectory);
                committed = true;
                pending.clear();
            } catch (IOException e) {
                throw FsIo.failure("syncing " + all.size() + " backup objects", e);
            }
        }

        /** Drops what was written and not committed. */
        @Override
        public void close() {
            if (!committed) {
                synchronized (pending) {
                    for (Path[] p : pending) {
                        deleteQuietly(p[0]);
                    }
                    pending.clear();
                }
            }
        }
    }

    /** How many bytes a batch lets its writers leave unsynced before the one that passes it syncs them: see {@code FsBatch.keep}. */
    private static final long SYNC_GROUP_BYTES = 64L << 20;
    /** Syncs issued together share the file system's journal commits. */
    private static final int SYNC_THREADS = 8;

    private static void force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
    }

    @Override
    public InputStream openObject(Sha256 sha256) {
        Path file = objectPath(Checks.present(sha256, "sha256"));
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("backup object", sha256.hex());
        } catch (IOException e) {
            throw FsIo.failure("opening backup object " + sha256, e);
        }
    }

    /** Seeks to {@code offset} rather than reading up to it: a run of chunks out of a pack. */
    @Override
    public InputStream openObject(Sha256 sha256, long offset, long length) {
        Path file = objectPath(Checks.present(sha256, "sha256"));
        if (offset < 0 || length < 0) {
            throw new InvalidInputException("a range of an object must not be negative");
        }
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
            ch.position(offset);
            return BackupTarget.limited(Channels.newInputStream(ch), length);
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("backup object", sha256.hex());
        } catch (IOException e) {
            throw FsIo.failure("opening backup object " + sha256, e);
        }
    }

    @Override
    public boolean deleteObject(Sha256 sha256) {
        return delete(objectPath(Checks.present(sha256, "sha256")), "backup object " + sha256);
    }

    @Override
    public Iterator<Sha256> objects() {
        return new ObjectIterator();
    }

    // ---- manifests ----

    @Override
    public void putManifest(BackupId id, byte[] manifest) {
        Checks.present(manifest, "manifest");
        Path target = manifestPath(Checks.present(id, "backup id"));
        Path temp = writeTemp(manifest, "manifest of backup " + id);
        try {
            Files.createDirectories(manifests);
            // a link, unlike a rename, never replaces: of two writers of one manifest, one fails
            Files.createLink(target, temp);
            FsIo.fsyncDirectory(manifests);
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException("backup " + id + " already has a manifest");
        } catch (IOException e) {
            throw FsIo.failure("writing the manifest of backup " + id, e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public byte[] readManifest(BackupId id) {
        try {
            return Files.readAllBytes(manifestPath(Checks.present(id, "backup id")));
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("backup", id.value());
        } catch (IOException e) {
            throw FsIo.failure("reading the manifest of backup " + id, e);
        }
    }

    @Override
    public List<BackupId> manifests() {
        var ids = new ArrayList<BackupId>();
        for (String name : names(manifests)) {
            if (name.endsWith(MANIFEST_SUFFIX)) {
                try {
                    ids.add(new BackupId(name.substring(0, name.length() - MANIFEST_SUFFIX.length())));
                } catch (InvalidInputException notOurs) {
                    // a file someone else put there is not a backup
                }
            }
        }
        ids.sort(null);
        return ids;
    }

    @Override
    public boolean deleteManifest(BackupId id) {
        return delete(manifestPath(Checks.present(id, "backup id")), "the manifest of backup " + id);
    }

    // ---- locks ----

    @Override
    public void putLock(TargetLock lock) {
        Checks.present(lock, "lock");
        Path temp = writeTemp(lock.toJson().getBytes(StandardCharsets.UTF_8), "lock " + lock.id());
        try {
            publish(temp, lockPath(lock.id()));
        } catch (IOException e) {
            throw FsIo.failure("writing lock " + lock.id(), e);
        } finally {
            deleteQuietly(temp);
        }
    }

    @Override
    public List<TargetLock> locks() {
        var found = new ArrayList<TargetLock>();
        for (String name : names(locks)) {
            try {
                found.add(TargetLock.parse(Files.readString(locks.resolve(name))));
            } catch (IOException | RuntimeException unreadable) {
                // gone meanwhile, or not a lock of ours: skipped, as the port says
            }
        }
        return found;
    }

    @Override
    public boolean deleteLock(String id) {
        return delete(lockPath(Checks.token(id, "lock id", 64)), "lock " + id);
    }

    // ---- housekeeping ----

    @Override
    public int sweepTemporary(Duration olderThan) {
        Checks.present(olderThan, "olderThan");
        Instant cutoff = clock.instant().minus(olderThan);
        int removed = 0;
        for (String name : names(tmp)) {
            Path file = tmp.resolve(name);
            try {
                if (!Files.getLastModifiedTime(file).toInstant().isAfter(cutoff) && Files.deleteIfExists(file)) {
                    removed++;
                }
            } catch (IOException gone) {
                // another sweep took it, or it is finishing its rename
            }
        }
        return removed;
    }

    @Override
    public String describe() {
        return "fs:" + root;
    }

    // ---- files ----

    private Path objectPath(Sha256 sha) {
        return FsIo.within(objects, sha.hex().substring(0, 2) + "/" + sha.hex());
    }

    private Path manifestPath(BackupId id) {
        return FsIo.within(manifests, id.value() + MANIFEST_SUFFIX);
    }

    private Path lockPath(String id) {
        return FsIo.within(locks, id + ".json");
    }

    private Path newTemp() {
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw FsIo.failure("creating the folder " + tmp, e);
        }
        return tmp.resolve(UUID.randomUUID() + ".tmp");
    }

    private Path writeTemp(byte[] bytes, String what) {
        Path temp = newTemp();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            OutputStream out = Channels.newOutputStream(ch);
            out.write(bytes);
            out.flush();
            ch.force(true);
            return temp;
        } catch (IOException e) {
            deleteQuietly(temp);
            throw FsIo.failure("writing " + what, e);
        }
    }

    /** Renames a synced temporary file to {@code target} (replacing) and syncs the folders it changed. */
    private static void publish(Path temp, Path target) throws IOException {
        Path dir = target.getParent();
        boolean created = !Files.isDirectory(dir);
        Files.createDirectories(dir);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FsIo.fsyncDirectory(dir);
        if (created) {
            FsIo.fsyncDirectory(dir.getParent());
        }
    }

    private static boolean delete(Path file, String what) {
        try {
            boolean deleted = Files.deleteIfExists(file);
            if (deleted) {
                FsIo.fsyncDirectory(file.getParent());
            }
            return deleted;
        } catch (IOException e) {
            throw FsIo.failure("deleting " + what, e);
        }
    }

    private static List<String> names(Path dir) {
        var names = new ArrayList<String>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                names.add(p.getFileName().toString());
            }
        } catch (NoSuchFileException e) {
            return names;
        } catch (IOException e) {
            throw FsIo.failure("listing " + dir, e);
        }
        names.sort(null);
        return names;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a temporary file left behind is swept later
        }
    }

    /** Reads up to {@code limit} bytes (at least one is asked for while the limit allows). */
    private static int readAtMost(InputStream in, byte[] buffer, long limit) throws IOException {
        if (limit <= 0) {
            return -1;
        }
        return in.read(buffer, 0, (int) Math.min(buffer.length, limit));
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** Walks {@code objects/}, one two-digit folder at a time. */
    private final class ObjectIterator implements Iterator<Sha256> {
        private final Deque<String> folders = new ArrayDeque<>(names(objects));
        private final Deque<Sha256> current = new ArrayDeque<>();

        @Override
        public boolean hasNext() {
            while (current.isEmpty() && !folders.isEmpty()) {
                String folder = folders.poll();
                for (String name : names(objects.resolve(folder))) {
                    if (name.length() == 64 && name.startsWith(folder)) {
                        try {
                            current.add(new Sha256(name));
                        } catch (InvalidInputException notOurs) {
                            // not an object of ours
                        }
                    }
                }
            }
            return !current.isEmpty();
        }

        @Override
        public Sha256 next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.poll();
        }
    }
}
