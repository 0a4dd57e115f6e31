package dev.stowage.application.service.backup;

import dev.stowage.application.concurrent.ParallelIo;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.ChunkEntry;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ChecksumMismatchException;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * A database snapshot cut into fixed-size chunks (manifest formats 2 to 4), and put back together.
 *
 * <p>Chunks are fixed-size, at fixed offsets: SQLite updates a page in place, so a changed row
 * changes the chunk that holds its page and no other, and the chunks of unchanged pages keep
 * their digests from one backup to the next. (Content-defined chunking finds moved bytes after an
 * insertion shifts them; a database file's pages never shift, so it would only cost a rolling hash
 * over every byte and make chunks of uneven size.)
 */
final class SnapshotChunks {
    private SnapshotChunks() {
    }

    /**
     * What a pass over the snapshot did: how many chunks it read (and hashed) and how many it took
     * from the base backup without reading them.
     */
    record Pass(int read, int fromBase) {
    }

    /**
     * Receives each chunk read, in file order: its entry and its bytes, {@code chunk.size()} of them
     * from {@code offset} in {@code buffer}, which is reused once this returns (copy what is kept).
     */
    interface Sink {
        void chunk(ChunkEntry chunk, byte[] buffer, int offset);
    }

    /** Receives, in file order among the chunks read, each chunk {@code index} taken from the base backup unread. */
    interface FromBase {
        void chunk(int index);
    }

    /** Where a snapshot's bytes are read from: a file, or the live database held still. */
    interface Source {
        /** Fills {@code into} with the bytes from {@code position}, all of which lie within the snapshot. */
        void read(long position, byte[] into) throws IOException;
    }

    /** Chunks are read this many bytes at a time (one read call, not one per chunk). */
    private static final int READ_BLOCK = 1 << 20;

    /** The bytes of {@code file}, read through {@code ch}, which the caller closes. */
    static Source of(FileChannel ch, Path file) {
        return (position, into) -> {
            ByteBuffer buffer = ByteBuffer.wrap(into);
            while (buffer.hasRemaining()) {
                if (ch.read(buffer, position + buffer.position()) < 0) {
                    throw new EOFException("the snapshot " + file + " ended at " + (position + buffer.position()) + " bytes");
                }
            }
        };
    }

    /**
     * One pass over the {@code size} bytes of {@code source} in chunks of {@code chunkSize}, in file
     * order: a chunk whose index is in {@code fromBase} goes to {@code reuse} unread; the others are
     * read (runs of adjacent ones in blocks of about a MiB, one read call each), hashed, and handed
     * to {@code sink} with their bytes. The whole file is not hashed: a format 4 snapshot is named by
     * its chunk list.
     */
    static Pass chunk(long size, Source source, int chunkSize, java.util.BitSet fromBase, Sink sink, FromBase reuse)
            throws IOException {
        MessageDigest part = Digests.sha256();
        int perBlock = Math.max(1, READ_BLOCK / chunkSize);
        byte[] block = new byte[perBlock * chunkSize];
        int count = chunkCount(size, chunkSize);
        int read = 0;
        int taken = 0;
        for (int i = 0; i < count; ) {
            if (fromBase.get(i)) {
                reuse.chunk(i);
                taken++;
                i++;
                continue;
            }
            // a run of chunks to read, up to the block's size
            int end = i + 1;
            while (end < count && end - i < perBlock && !fromBase.get(end)) {
                end++;
            }
            long at = (long) i * chunkSize;
            int length = (int) (Math.min(size, (long) end * chunkSize) - at);
            byte[] into = length == block.length ? block : new byte[length];
            source.read(at, into);
            for (int off = 0; off < length; off += chunkSize) {
                int n = Math.min(chunkSize, length - off);
                part.update(into, off, n);
                sink.chunk(new ChunkEntry(n, Sha256.of(part.digest())), into, off);
                read++;
            }
            i = end;
        }
        return new Pass(read, taken);
    }

    /** How many chunks of {@code chunkSize} tile {@code size} bytes. */
    static int chunkCount(long size, int chunkSize) {
        return Math.toIntExact((size + chunkSize - 1) / chunkSize);
    }

    /**
     * The snapshot's bytes, read from its objects at {@code target} in order. Every object is checked
     * against its digest as it is read and, for a chunked snapshot, the whole against the snapshot's
     * digest: a corrupt or short part fails the read that reaches its end with a {@link Digests.Mismatch}
     * naming it, so bad bytes are never passed on as the end of a good snapshot. A missing object
     * throws {@link dev.stowage.domain.error.NotFoundException} from the read that reaches it.
     */
    static InputStream open(BackupTarget target, SnapshotEntry snapshot) {
        return snapshot.packed() ? new Unpacked(target, snapshot) : new Reassembled(target, snapshot);
    }

    /**
     * Writes a packed snapshot into {@code file} (a new one), reading its packs in parallel on up to
     * {@code threads} threads: each pack's chunks are read in runs (one ranged read per run of
     * adjacent chunks, in the pack's order), each checked against its digest, and written at every
     * place the snapshot has it. Then the whole file is checked against the snapshot's digest. For
     * restore and verify, which want a file; export, which wants a stream in file order, uses
     * {@link #open}.
     *
     * @throws Digests.Mismatch when a chunk or the whole is not what the manifest says
     * @throws dev.stowage.domain.error.NotFoundException when a pack is missing
     */
    static void assemble(BackupTarget target, SnapshotEntry snapshot, Path file, int threads) throws IOException {
        List<ChunkEntry> chunks = snapshot.chunks();
        // per pack, its distinct places by offset, each with the chunk numbers that hold those bytes
        var byPack = new java.util.HashMap<Integer, java.util.TreeMap<Long, List<Integer>>>();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkEntry c = chunks.get(i);
            byPack.computeIfAbsent(c.pack(), p -> new java.util.TreeMap<>()).computeIfAbsent(c.offset(), o -> new ArrayList<>()).add(i);
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ParallelIo.forEach(byPack.entrySet(), threads, "backup-read",
                    e -> readPack(target, snapshot, e.getKey(), e.getValue(), out));
        }
        if (snapshot.digestOfChunkList()) {
            // named by its chunk list, which the manifest checked: every chunk checked is the whole checked
            return;
        }
        Digests.Digested whole = Digests.of(file);
        if (whole.size() != snapshot.size() || !whole.sha256().equals(snapshot.sha256())) {
            throw new Digests.Mismatch("the snapshot reassembled from its chunks does not have its SHA-256 " + snapshot.sha256());
        }
    }

    /**
     * Reads chunk {@code i}, which lies at the stream's position in {@code pack}: exactly its size,
     * checked against its digest before it is returned.
     */
    private static byte[] readChunk(InputStream in, int i, ChunkEntry c, Sha256 pack, MessageDigest part) throws IOException {
        byte[] bytes = in.readNBytes((int) c.size());
        if (bytes.length < c.size()) {
            throw new Digests.Mismatch(chunkName(i, c, pack) + " ended after " + bytes.length + " bytes: the pack is cut short");
        }
        if (!Sha256.of(part.digest(bytes)).equals(c.sha256())) {
            throw new Digests.Mismatch(chunkName(i, c, pack) + " does not have its SHA-256 " + c.sha256() + ": it is corrupt");
        }
        return bytes;
    }

    private static String chunkName(int i, ChunkEntry c, Sha256 pack) {
        return "snapshot chunk " + i + " (" + c.size() + " bytes at " + c.offset() + " in pack " + pack + ")";
    }

    /** Reads one pack's places in runs and writes each chunk at every place the snapshot has it. */
    private static void readPack(BackupTarget target, SnapshotEntry snapshot, int pack, java.util.TreeMap<Long, List<Integer>> places,
                                 FileChannel out) throws IOException {
        Sha256 sha = snapshot.packs().get(pack).sha256();
        var order = new ArrayList<>(places.entrySet());
        MessageDigest part = Digests.sha256();
        int k = 0;
        while (k < order.size()) {
            // a run: places that follow one another without a gap
            long start = order.get(k).getKey();
            long end = start;
            int last = k;
            while (last < order.size() && order.get(last).getKey() == end) {
                end += snapshot.chunks().get(order.get(last).getValue().get(0)).size();
                last++;
            }
            try (InputStream in = new java.io.BufferedInputStream(target.openObject(sha, start, end - start), 256 * 1024)) {
                for (; k < last; k++) {
                    List<Integer> at = order.get(k).getValue();
                    int i = at.get(0);
                    ChunkEntry c = snapshot.chunks().get(i);
                    byte[] bytes = readChunk(in, i, c, sha, part);
                    for (int n : at) {
                        ByteBuffer buffer = ByteBuffer.wrap(bytes);
                        long position = (long) n * snapshot.chunkSize();
                        while (buffer.hasRemaining()) {
                            position += out.write(buffer, position);
                        }
                    }
                }
            }
        }
    }

    /**
     * Stores the chunks of a format 2 {@code snapshot} at {@code target} from {@code in}, each as an
     * object: see {@link #split(InputStream, SnapshotEntry, Sink)}. Adds to {@code wrote} each object
     * this call wrote.
     *
     * @return the bytes written
     */
    static long split(InputStream in, SnapshotEntry snapshot, BackupTarget target, List<Sha256> wrote) throws IOException {
        long[] written = {0};
        split(in, snapshot, (c, bytes, off) -> {
            if (target.putObject(c.sha256(), c.size(), new ByteArrayInputStream(bytes, off, (int) c.size()))) {
                wrote.add(c.sha256());
                written[0] += c.size();
            }
        });
        return written[0];
    }

    /**
     * Cuts {@code in}, which holds the snapshot's bytes, into the chunks {@code snapshot} lists and
     * hands each to {@code sink} once it is checked against its digest; the whole is checked against
     * the snapshot's digest at the end (a format 4 snapshot is named by its chunk list, which the
     * manifest checked: the chunks checked are the whole checked).
     *
     * @throws ChecksumMismatchException when the bytes are not those the snapshot names
     * @throws IOException when {@code in} fails or ends early
     */
    static void split(InputStream in, SnapshotEntry snapshot, Sink sink) throws IOException {
        MessageDigest whole = Digests.sha256();
        List<ChunkEntry> chunks = snapshot.chunks();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkEntry c = chunks.get(i);
            byte[] bytes = in.readNBytes((int) c.size());
            if (bytes.length < c.size()) {
                throw new EOFException("the snapshot ended in its chunk " + i);
            }
            if (!snapshot.digestOfChunkList()) {
                whole.update(bytes);
            }
            if (!Digests.of(bytes).equals(c.sha256())) {
                throw new ChecksumMismatchException("the archive's snapshot does not match its manifest: chunk " + i
                        + " does not have its SHA-256 " + c.sha256());
            }
            sink.chunk(c, bytes, 0);
        }
        if (!snapshot.digestOfChunkList() && !Sha256.of(whole.digest()).equals(snapshot.sha256())) {
            throw new ChecksumMismatchException("the archive's snapshot does not have its SHA-256 " + snapshot.sha256());
        }
    }

    /**
     * A packed snapshot read in file order. Chunks that lie one after the other in one pack (all of
     * a full backup's, most of an incremental's) are read as one run, a single ranged read, so a
     * pack is read sequentially and opened once per run, not once per chunk. Each chunk is read
     * whole, at most its size (the manifest has checked that it lies within its pack), and checked
     * against its digest before any of it is passed on; the whole snapshot against its digest at
     * the end.
     */
    private static final class Unpacked extends InputStream {
        private static final int RUN_BUFFER = 256 * 1024;
        private final BackupTarget target;
        private final SnapshotEntry snapshot;
        private final List<ChunkEntry> chunks;
        private final MessageDigest whole = Digests.sha256();
        private final MessageDigest part = Digests.sha256();
        private int next;
        private InputStream run;
        private int runPack = -1;
        private long runAt;
        private long runEnd;
        private byte[] current = new byte[0];
        private int pos;

        Unpacked(BackupTarget target, SnapshotEntry snapshot) {
            this.target = target;
            this.snapshot = snapshot;
            this.chunks = snapshot.chunks();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (pos == current.length && !nextChunk()) {
                return -1;
            }
            int n = Math.min(len, current.length - pos);
            System.arraycopy(current, pos, b, off, n);
            pos += n;
            return n;
        }

        private boolean nextChunk() throws IOException {
            if (next == chunks.size()) {
                return false;
            }
            int i = next++;
            ChunkEntry c = chunks.get(i);
            Sha256 pack = snapshot.packs().get(c.pack()).sha256();
            if (run == null || runPack != c.pack() || runAt != c.offset() || runAt + c.size() > runEnd) {
                closeRun();
                long end = c.offset() + c.size();
                for (int j = i + 1; j < chunks.size(); j++) {
                    ChunkEntry n = chunks.get(j);
                    if (n.pack() != c.pack() || n.offset() != end) {
                        break;
                    }
                    end += n.size();
                }
                // buffered: a run is read a chunk (8 KiB by default) at a time
                run = new java.io.BufferedInputStream(target.openObject(pack, c.offset(), end - c.offset()), RUN_BUFFER);
                runPack = c.pack();
                runAt = c.offset();
                runEnd = end;
            }
            byte[] bytes = readChunk(run, i, c, pack, part);
            runAt += bytes.length;
            if (!snapshot.digestOfChunkList()) {
                whole.update(bytes);
            }
            if (next == chunks.size() && !snapshot.digestOfChunkList() && !Sha256.of(whole.digest()).equals(snapshot.sha256())) {
                throw new Digests.Mismatch("the snapshot reassembled from its chunks does not have its SHA-256 "
                        + snapshot.sha256());
            }
            current = bytes;
            pos = 0;
            return true;
        }

        private void closeRun() throws IOException {
            if (run != null) {
                run.close();
                run = null;
            }
        }

        @Override
        public void close() throws IOException {
            closeRun();
        }
    }

    private static final class Reassembled extends InputStream {
        private final BackupTarget target;
        private final SnapshotEntry snapshot;
        private final List<ChunkEntry> parts;
        private final MessageDigest whole = Digests.sha256();
        private int next;
        private InputStream current;
        private long count;

        Reassembled(BackupTarget target, SnapshotEntry snapshot) {
            this.target = target;
            this.snapshot = snapshot;
            this.parts = snapshot.parts();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (true) {
                if (current == null) {
                    if (next == parts.size()) {
                        return -1;
                    }
                    ChunkEntry p = parts.get(next);
                    String what = snapshot.chunked() ? "snapshot chunk " + next + " (object " + p.sha256() + ")"
                            : "the snapshot object " + p.sha256();
                    next++;
                    current = Digests.checked(target.openObject(p.sha256()), p.sha256(), p.size(), what);
                }
                int n = current.read(b, off, len);
                if (n > 0) {
                    count += n;
                    if (snapshot.chunked()) {
                        whole.update(b, off, n);
                        if (count == snapshot.size() && !Sha256.of(whole.digest()).equals(snapshot.sha256())) {
                            throw new Digests.Mismatch("the snapshot reassembled from its chunks does not have its SHA-256 "
                                    + snapshot.sha256());
                        }
                    }
                    return n;
                }
                current.close();
                current = null;
            }
        }

        @Override
        public void close() throws IOException {
            if (current != null) {
                current.close();
                current = null;
            }
        }
    }
}
