package dev.stowage.testing;

import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.domain.error.AlreadyExistsException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A database whose "file" is a byte array of pages, for the backup service's tests: it freezes
 * (each moment is a copy of the array), tracks the pages every {@link #write} touches, and answers
 * {@link Frozen#changedSince} truthfully from that log, as an engine that tracks its changes does.
 *
 * <p>Its snapshot files are the array's bytes. A sound one begins with {@link #MAGIC}; its facts are
 * schema {@code "1"} and one row count, {@code pages}. The blobs a moment refers to are those set with
 * {@link #refer} at that moment.
 *
 * <p>For the tests of the service's defences it can also be told to lie ({@link #lie}: the pages
 * written from then on are left out of every answer, so an answer says too little) or to lose its
 * log ({@link #forgetHistory}: no earlier mark can be answered for any more).
 */
public final class InMemoryDatabaseSnapshots implements DatabaseSnapshots {
    /** The first bytes of every sound snapshot file of this fake. */
    public static final byte[] MAGIC = "stowage in-memory database\n".getBytes(StandardCharsets.US_ASCII);

    private final int pageSize;
    private final String instance = UUID.randomUUID().toString();
    private byte[] file;
    /** The pages written by each version: version v (1-based) is {@code log.get(v - 1)}. */
    private final List<BitSet> log = new ArrayList<>();
    /** Versions at or below this cannot be answered for (the log was lost). */
    private long forgottenUpTo;
    private boolean lying;
    private List<BlobReference> blobs = List.of();
    private final Map<Path, List<BlobReference>> copies = new java.util.concurrent.ConcurrentHashMap<>();

    /** A database of {@code pages} pages of {@code pageSize} bytes: the magic, then zeroes. */
    public InMemoryDatabaseSnapshots(int pageSize, int pages) {
        new ChangedPages(pageSize, new BitSet()); // checks the page size as the port does
        this.pageSize = pageSize;
        this.file = new byte[Math.multiplyExact(pageSize, Math.max(1, pages))];
        System.arraycopy(MAGIC, 0, file, 0, MAGIC.length);
    }

    /** Writes {@code bytes} at {@code position}, growing the file by whole pages as needed; one new version. */
    public synchronized void write(long position, byte[] bytes) {
        long end = position + bytes.length;
        if (position < 0 || bytes.length == 0) {
            throw new IllegalArgumentException("write at least one byte within the file");
        }
        if (end > file.length) {
            long pages = (end + pageSize - 1) / pageSize;
            file = Arrays.copyOf(file, Math.toIntExact(pages * pageSize));
        }
        System.arraycopy(bytes, 0, file, (int) position, bytes.length);
        var pages = new BitSet();
        if (!lying) {
            pages.set((int) (position / pageSize), (int) ((end - 1) / pageSize) + 1);
        }
        log.add(pages);
    }

    /**
     * Cuts the file to {@code pages} pages (at least one); one new version. The pages cut off count as
     * changed: should the file grow again, they hold zeroes, not what they held before.
     */
    public synchronized void truncate(int pages) {
        int before = file.length / pageSize;
        int after = Math.max(1, pages);
        file = Arrays.copyOf(file, Math.multiplyExact(pageSize, after));
        var cut = new BitSet();
        if (!lying && after < before) {
            cut.set(after, before);
        }
        log.add(cut);
    }

    /** The blobs the database refers to from now on. */
    public synchronized void refer(List<BlobReference> references) {
        blobs = List.copyOf(references);
    }

    /** From now on, leaves the pages it writes out of every answer: a tracking bug, for the service's defence. */
    public synchronized void lie() {
        lying = true;
    }

    /** Loses its change log: every mark made so far can no longer be answered for. */
    public synchronized void forgetHistory() {
        forgottenUpTo = log.size();
    }

    /** The file's bytes now. */
    public synchronized byte[] bytes() {
        return file.clone();
    }

    public int pageSize() {
        return pageSize;
    }

    @Override
    public synchronized Optional<Frozen> freeze() {
        return Optional.of(new Moment(file.clone(), log.size(), blobs));
    }

    /** One moment: a copy of the file, its version and its blob list. */
    private final class Moment implements Frozen {
        private final byte[] bytes;
        private final long version;
        private final List<BlobReference> refs;

        Moment(byte[] bytes, long version, List<BlobReference> refs) {
            this.bytes = bytes;
            this.version = version;
            this.refs = refs;
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void read(long position, byte[] into) throws IOException {
            if (position < 0 || position + into.length > bytes.length) {
                throw new EOFException("bytes " + position + "+" + into.length + " lie outside the " + bytes.length + " of the file");
            }
            System.arraycopy(bytes, (int) position, into, 0, into.length);
        }

        @Override
        public SnapshotFacts inspect() {
            return facts(bytes);
        }

        @Override
        public void forEachBlob(Consumer<BlobReference> sink) {
            refs.forEach(sink);
        }

        @Override
        public Optional<String> changeMark() {
            return Optional.of(instance + ":" + version);
        }

        @Override
        public Optional<ChangedPages> changedSince(String earlierMark) {
            int colon = earlierMark.lastIndexOf(':');
            if (colon < 0 || !earlierMark.substring(0, colon).equals(instance)) {
                return Optional.empty();
            }
            long earlier;
            try {
                earlier = Long.parseLong(earlierMark.substring(colon + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            synchronized (InMemoryDatabaseSnapshots.this) {
                if (earlier < forgottenUpTo || earlier > version) {
                    return Optional.empty();
                }
                var pages = new BitSet();
                for (long v = earlier; v < version; v++) {
                    pages.or(log.get((int) v));
                }
                return Optional.of(new ChangedPages(pageSize, pages));
            }
        }

        @Override
        public void close() {
            // nothing is held: the moment is a copy
        }
    }

    @Override
    public void snapshotTo(Path target) {
        byte[] bytes;
        List<BlobReference> refs;
        synchronized (this) {
            bytes = file.clone();
            refs = blobs;
        }
        try {
            Files.write(target, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new AlreadyExistsException("the snapshot " + target + " already exists");
        } catch (IOException e) {
            throw new StorageUnavailableException("writing the snapshot " + target + " failed: " + e.getMessage(), e);
        }
        copies.put(target.toAbsolutePath().normalize(), refs);
    }

    @Override
    public SnapshotFacts inspect(Path file) {
        try {
            return facts(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new InvalidInputException("the snapshot " + file + " cannot be read: " + e.getMessage());
        }
    }

    private SnapshotFacts facts(byte[] bytes) {
        boolean sound = bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)
                && bytes.length % pageSize == 0;
        return new SnapshotFacts("1", Map.of("pages", (long) bytes.length / pageSize),
                sound ? "ok" : "not an in-memory database file of whole pages", 0);
    }

    /** The blobs of the moment {@link #snapshotTo} copied into {@code file}; none for another file. */
    @Override
    public void forEachBlob(Path file, Consumer<BlobReference> sink) {
        copies.getOrDefault(file.toAbsolutePath().normalize(), List.of()).forEach(sink);
    }

    /** Its files have one schema: nothing to migrate. */
    @Override
    public List<String> migrate(Path file) {
        return List.of();
    }

    /** Rows exported from another engine do not make one of its files: refused, as an unknown input. */
    @Override
    public Map<String, Long> write(Path file, MetadataExport source) {
        throw new InvalidInputException("the in-memory database makes no snapshot file from exported rows");
    }
}
