package dev.stowage.adapter.out.sqlite.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The durable log of the database pages that tracked checkpoints copied into the database file
 * ({@code <database>-changes}), one process at a time (it holds an OS lock on the file while open).
 *
 * <p>The file is a header (a magic, the database file's name, a random identity, the first epoch),
 * then records, each {@code length, type, payload, CRC-32C}: {@code PAGES} (an epoch and the sorted
 * page numbers that epoch's checkpoint may copy) and {@code STATE} (the database file's identity,
 * size and modification time after a checkpoint). Epochs are numbered one after another, one
 * {@code PAGES} record each. Anything unreadable (a bad CRC, a torn tail, an unknown record, another
 * database's name) makes the log unusable as a whole: it is then started afresh under a new identity,
 * so that no mark made against the old one is answered from a log missing part of its history.
 */
final class ChangeLog implements AutoCloseable {
    private static final byte[] MAGIC = "STOWPGL1".getBytes(StandardCharsets.US_ASCII);
    private static final byte PAGES = 1;
    private static final byte STATE = 2;
    private static final int MAX_RECORD_BYTES = 64 << 20;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The logs this process has open. */
    private static final java.util.Set<Path> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The database file as seen from outside: identity (inode), size and modification time. */
    record FileState(String key, long size, long modifiedNanos) {
        static final FileState ABSENT = new FileState("absent", -1, -1);

        FileState {
            Objects.requireNonNull(key, "key");
        }

        static FileState of(Path file) throws IOException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(file, BasicFileAttributes.class);
            } catch (NoSuchFileException e) {
                return ABSENT;
            }
            var t = a.lastModifiedTime().toInstant();
            return new FileState(String.valueOf(a.fileKey()), a.size(), t.getEpochSecond() * 1_000_000_000L + t.getNano());
        }
    }

    private final Path path;
    private final String databaseName;
    private FileChannel channel;
    private FileLock lock;
    private Object fileKey;
    private String id;
    private long firstEpoch;
    private long lastEpoch;
    private long end;
    private long synced;
    private FileState lastState;
    /** Set when a read found the file damaged; the tracker then starts it afresh. */
    private boolean damaged;
    /** Whether the file as read at open was whole; false when it was started afresh. */
    private boolean continued;

    private ChangeLog(Path path, String databaseName, FileChannel channel, FileLock lock) {
        this.path = path;
        this.databaseName = databaseName;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Opens the log at {@code path} for the database file named {@code databaseName}, or empty when
     * another process (or another engine of this one) holds it. A log that is whole, names this
     * database and last recorded {@code now} is continued; any other is started afresh.
     */
    static Optional<ChangeLog> open(Path path, String databaseName, FileState now) throws IOException {
        Path key = path.toAbsolutePath().normalize();
        // another engine of this process holds it: opening and closing a channel of our own would
        // drop that engine's OS lock (POSIX locks are the process's, and any close releases them)
        if (!OPEN.add(key)) {
            return Optional.empty();
        }
        FileChannel ch;
        FileLock held;
        try {
            ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                held = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                held = null;
            }
            if (held == null) {
                ch.close();
                OPEN.remove(key);
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            OPEN.remove(key);
            throw e;
        }
        var log = new ChangeLog(path, databaseName, ch, held);
        try {
            log.fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
            if (!log.readWhole() || !now.equals(log.lastState)) {
                log.renew(now, 0);
            } else {
                log.continued = true;
            }
            return Optional.of(log);
        } catch (IOException | RuntimeException e) {
            log.close();
            throw e;
        }
    }

    boolean damaged() {
        return damaged;
    }

    boolean continued() {
        return continued;
    }

    String id() {
        return id;
    }

    long lastEpoch() {
        return lastEpoch;
    }

    long firstEpoch() {
        return firstEpoch;
    }

    FileState lastState() {
        return lastState;
    }

    long bytes() {
        return end;
    }

    /** Whether the path still names the file this log writes (not deleted, not replaced). */
    boolean intact() {
        try {
            return Objects.equals(Files.readAttributes(path, BasicFileAttributes.class).fileKey(), fileKey)
                    && Files.size(path) >= end;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Starts the log afresh under a new identity, describing a database file in state {@code now},
     * its epochs counted from {@code firstEpoch}. Synced when it returns.
     */
    void renew(FileState now, long first) throws IOException {
        if (!intact()) {
            reopen();
        }
        byte[] idBytes = new byte[16];
        RANDOM.nextBytes(idBytes);
        String newId = HexFormat.of().formatHex(idBytes);
        byte[] name = databaseName.getBytes(StandardCharsets.UTF_8);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + name.length + 16 + 8 + 4).order(ByteOrder.BIG_ENDIAN);
        header.put(MAGIC).putShort((short) name.length).put(name).put(idBytes).putLong(first);
        header.putInt(crc(header.array(), 0, header.position()));
        header.flip();
        channel.truncate(0);
        writeFully(header, 0);
        id = newId;
        firstEpoch = first;
        lastEpoch = first;
        end = header.limit();
        continued = false;
        damaged = false;
        appendState(now);
        sync();
        // a log just created must survive a crash as a name in its folder too
        try (FileChannel folder = FileChannel.open(path.getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // some systems cannot sync a folder; the log is then at worst lost, and started afresh
        }
    }

    /** Appends the pages of a new epoch (1-based page numbers, any order, repeats allowed) and returns the epoch. Not synced. */
    long appendPages(int pageSize, int[] pages) throws IOException {
        int[] sorted = pages.clone();
        Arrays.sort(sorted);
        ByteBuffer payload = ByteBuffer.allocate(8 + 4 + 4 + 5 * sorted.length).order(ByteOrder.BIG_ENDIAN);
        long epoch = lastEpoch + 1;
        payload.putLong(epoch).putInt(pageSize);
        int countAt = payload.position();
        payload.putInt(0);
        int count = 0;
        long previous = 0;
        for (int page : sorted) {
            long p = Integer.toUnsignedLong(page);
            if (p == previous) {
                continue;
            }
            putVarint(payload, p - previous);
            previous = p;
            count++;
        }
        payload.putInt(countAt, count);
        append(PAGES, payload);
        lastEpoch = epoch;
        return epoch;
    }

    void appendState(FileState state) throws IOException {
        byte[] key = state.key().getBytes(StandardCharsets.UTF_8);
        ByteBuffer payload = ByteBuffer.allocate(8 + 8 + 8 + 2 + key.length).order(ByteOrder.BIG_ENDIAN);
        payload.putLong(lastEpoch).putLong(state.size()).putLong(state.modifiedNanos()).putShort((short) key.length).put(key);
        append(STATE, payload);
        lastState = state;
    }

    /** Makes everything appended so far durable. */
    void sync() throws IOException {
        if (synced < end) {
            channel.force(false);
            synced = end;
        }
    }

    /**
     * The 0-based indexes of the pages logged in epochs {@code (after, upTo]}, or empty when this log
     * cannot tell: it is another log ({@code logId}), does not reach back to {@code after}, or is
     * damaged or missing an epoch in between.
     */
    Optional<Changes> pagesBetween(String logId, long after, long upTo) throws IOException {
        try {
            Optional<Changes> found = readBetween(logId, after, upTo);
            if (found.isEmpty() && logId.equals(id) && after >= firstEpoch && after <= upTo && upTo <= lastEpoch) {
                // a mark this log should answer, and the file could not: it was damaged under us
                damaged = true;
            }
            return found;
        } catch (RuntimeException malformed) {
            damaged = true;
            return Optional.empty();
        }
    }

    private Optional<Changes> readBetween(String logId, long after, long upTo) throws IOException {
        if (!logId.equals(id) || after < firstEpoch || upTo > lastEpoch || after > upTo || !intact()) {
            return Optional.empty();
        }
        long limit = end;
        var pages = new BitSet();
        int pageSize = 0;
        long seen = 0;
        ByteBuffer in = read(0, (int) Math.min(limit, Integer.MAX_VALUE - 64));
        if (in == null || !skipHeader(in)) {
            return Optional.empty();
        }
        while (in.hasRemaining()) {
            ByteBuffer record = nextRecord(in);
            if (record == null) {
                return Optional.empty();
            }
            byte type = record.get();
            if (type != PAGES) {
                continue;
            }
            long epoch = record.getLong();
            int size = record.getInt();
            int count = record.getInt();
            if (epoch <= after || epoch > upTo) {
                continue;
            }
            if (pageSize != 0 && size != pageSize && count > 0) {
                return Optional.empty();
            }
            if (count > 0) {
                pageSize = size;
            }
            long page = 0;
            for (int i = 0; i < count; i++) {
                page += getVarint(record);
                if (page < 1 || page > Integer.MAX_VALUE) {
                    return Optional.empty();
                }
                pages.set((int) (page - 1));
            }
            seen++;
        }
        if (seen != upTo - after || !logId.equals(id)) {
            return Optional.empty();
        }
        return Optional.of(new Changes(pageSize, pages));
    }

    /** Pages logged between two epochs; {@code pageSize} 0 when none was logged. */
    record Changes(int pageSize, BitSet pages) {
    }

    @Override
    public void close() {
        release();
        OPEN.remove(path.toAbsolutePath().normalize());
    }

    private void release() {
        try {
            if (lock != null && lock.isValid()) {
                lock.release();
            }
        } catch (IOException e) {
            // closing the channel releases it anyway
        }
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    // ---- reading

    /** Reads the whole file; true when it is a whole log of this database. Sets the epochs, the end and the last state. */
    private boolean readWhole() throws IOException {
        try {
            return readWholeOnce();
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    private boolean readWholeOnce() throws IOException {
        long size = channel.size();
        if (size == 0 || size > Integer.MAX_VALUE - 64) {
            return false;
        }
        ByteBuffer in = read(0, (int) size);
        if (in == null || !skipHeader(in)) {
            return false;
        }
        long epoch = firstEpoch;
        FileState state = null;
        while (in.hasRemaining()) {
            ByteBuffer record = nextRecord(in);
            if (record == null) {
                return false;
            }
            byte type = record.get();
            if (type == PAGES) {
                long e = record.getLong();
                if (e != epoch + 1) {
                    return false;
                }
                epoch = e;
            } else if (type == STATE) {
                record.getLong();
                long fileSize = record.getLong();
                long modified = record.getLong();
                byte[] key = new byte[record.getShort() & 0xffff];
                record.get(key);
                state = new FileState(new String(key, StandardCharsets.UTF_8), fileSize, modified);
            } else {
                return false;
            }
        }
        lastEpoch = epoch;
        lastState = state;
        end = size;
        synced = size;
        return state != null;
    }

    private ByteBuffer read(long from, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.BIG_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, from + buffer.position()) < 0) {
                return null;
            }
        }
        return buffer.flip();
    }

    /** Checks the header (and reads the identity and first epoch from it); false when it is not this database's log. */
    private boolean skipHeader(ByteBuffer in) {
        int start = in.position();
        if (in.remaining() < MAGIC.length + 2) {
            return false;
        }
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            return false;
        }
        int nameLength = in.getShort() & 0xffff;
        if (in.remaining() < nameLength + 16 + 8 + 4) {
            return false;
        }
        byte[] name = new byte[nameLength];
        in.get(name);
        byte[] idBytes = new byte[16];
        in.get(idBytes);
        long first = in.getLong();
        int stored = in.getInt();
        if (stored != crc(in.array(), start, in.position() - 4 - start)
                || !databaseName.equals(new String(name, StandardCharsets.UTF_8))) {
            return false;
        }
        String readId = HexFormat.of().formatHex(idBytes);
        if (id == null) {
            id = readId;
            firstEpoch = first;
        }
        return readId.equals(id);
    }

    /** The next record's type and payload, or null when it is torn or damaged. */
    private static ByteBuffer nextRecord(ByteBuffer in) {
        if (in.remaining() < 4) {
            return null;
        }
        int length = in.getInt();
        if (length < 1 || length > MAX_RECORD_BYTES || in.remaining() < length + 4) {
            return null;
        }
        int at = in.position();
        int stored = in.getInt(at + length);
        if (stored != crc(in.array(), at, length)) {
            return null;
        }
        ByteBuffer record = in.slice(at, length).order(ByteOrder.BIG_ENDIAN);
        in.position(at + length + 4);
        return record;
    }

    // ---- writing

    private void append(byte type, ByteBuffer payload) throws IOException {
        payload.flip();
        int length = 1 + payload.remaining();
        ByteBuffer record = ByteBuffer.allocate(4 + length + 4).order(ByteOrder.BIG_ENDIAN);
        record.putInt(length).put(type).put(payload);
        record.putInt(crc(record.array(), 4, length));
        record.flip();
        writeFully(record, end);
        end += record.limit();
    }

    private void writeFully(ByteBuffer buffer, long at) throws IOException {
        long position = at;
        while (buffer.hasRemaining()) {
            position += channel.write(buffer, position);
        }
    }

    /** Opens the path anew after the file was deleted or replaced under the log. */
    private void reopen() throws IOException {
        release();
        channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            channel.close();
            throw new IOException("the change log " + path + " is held by another process");
        }
        fileKey = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        synced = 0;
    }

    private static int crc(byte[] bytes, int from, int length) {
        var crc = new CRC32C();
        crc.update(bytes, from, length);
        return (int) crc.getValue();
    }

    private static void putVarint(ByteBuffer out, long value) {
        long v = value;
        while (v >= 0x80) {
            out.put((byte) (v | 0x80));
            v >>>= 7;
        }
        out.put((byte) v);
    }

    private static long getVarint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return value;
            }
        }
        throw new IllegalStateException("a page number in the change log is malformed");
    }
}
