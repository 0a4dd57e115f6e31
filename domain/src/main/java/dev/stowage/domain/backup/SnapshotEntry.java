package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * The database snapshot of a backup.
 *
 * <p>Format 1 keeps the whole snapshot as one object named by {@link #sha256()}: {@code chunkSize}
 * is 0 and {@code chunks} empty. Format 2 cuts it into fixed-size chunks, each an object of its
 * own, so a backup after a small change writes only the chunks that changed; {@link #sha256()}
 * and {@link #size()} still describe the whole file, which a restore reassembles and checks.
 * The chunks must tile the snapshot exactly: every one {@code chunkSize} bytes but the last, which
 * holds the rest. An extra, missing or resized chunk (a manifest listing a chunk twice, say) does
 * not tile it and is refused. Two chunks may have the same digest (equal bytes at two offsets, such
 * as zeroed pages): the target keeps that object once.
 *
 * <p>Format 4 lays the chunks out as format 3 does, and names the snapshot by its chunk list instead
 * of the whole file's SHA-256 ({@code digestOfChunkList}): {@link #sha256()} is then
 * {@link #chunkListDigest}, which a backup that took most chunks from an earlier one can give
 * without reading the file, and which, with every chunk checked against its own digest, pins the
 * whole file's bytes just as the file's SHA-256 would. The record refuses a format 4 snapshot
 * whose digest is not that of its chunks.
 *
 * <p>Format 3 keeps the chunks in {@code packs}: each chunk names the pack that holds it and where.
 * Every chunk is then in a pack, every pack listed is used, no pack is listed twice, a chunk lies
 * wholly inside its pack, one digest has one place, and the places of different chunks in one pack
 * do not overlap; anything else is refused, so a hostile manifest can never make a reader go past
 * a pack's end or take one chunk's bytes for another's.
 *
 * @param integrityCheck what SQLite's {@code integrity_check} said when the snapshot was taken
 *                       ({@code ok} for a sound one)
 * @param chunkSize      bytes per chunk (format 2), 0 for a snapshot kept whole (format 1)
 * @param chunks         the chunks in file order (formats 2 to 4), empty for a snapshot kept whole
 * @param packs          the packs holding the chunks (formats 3 and 4), empty otherwise
 * @param digestOfChunkList whether {@code sha256} is the {@link #chunkListDigest} (format 4) rather than
 *                       the whole file's SHA-256 (formats 1 to 3); with it, a null {@code sha256} is
 *                       computed here ({@link #ofChunkList}) and any other is checked against it
 */
public record SnapshotEntry(long size, Sha256 sha256, String integrityCheck, int chunkSize, List<ChunkEntry> chunks,
                            List<PackEntry> packs, boolean digestOfChunkList) {
    /** The smallest chunk: SQLite's default page, so a chunk never splits one at that size. */
    public static final int MIN_CHUNK_SIZE = 4096;
    /** The largest chunk: held in memory while it is hashed and written. */
    public static final int MAX_CHUNK_SIZE = 64 << 20;

    public SnapshotEntry {
        if (size < 0) {
            throw new InvalidInputException("snapshot size must not be negative");
        }
        if (!digestOfChunkList) {
            Objects.requireNonNull(sha256, "sha256");
        }
        Checks.text(integrityCheck, "integrity check", 4000);
        chunks = List.copyOf(chunks);
        if (chunkSize == 0) {
            if (!chunks.isEmpty()) {
                throw new InvalidInputException("a snapshot kept whole has no chunks");
            }
        } else {
            checkChunkSize(chunkSize);
            long expected = (size + chunkSize - 1) / chunkSize;
            if (chunks.size() != expected) {
                throw new InvalidInputException("the snapshot of " + size + " bytes in chunks of " + chunkSize + " has "
                        + expected + " chunks, the manifest lists " + chunks.size());
            }
            for (int i = 0; i < chunks.size(); i++) {
                long want = i < chunks.size() - 1 ? chunkSize : size - (long) chunkSize * i;
                if (chunks.get(i).size() != want) {
                    throw new InvalidInputException("snapshot chunk " + i + " must hold " + want + " bytes, the manifest says "
                            + chunks.get(i).size());
                }
            }
        }
        packs = List.copyOf(packs);
        checkPacks(chunks, packs);
        if (digestOfChunkList) {
            if (chunkSize == 0) {
                throw new InvalidInputException("a snapshot named by its chunk list must be in chunks");
            }
            // one pass over the list: named here when built, checked when read
            Sha256 named = chunkListDigest(size, chunkSize, chunks);
            if (sha256 == null) {
                sha256 = named;
            } else if (!sha256.equals(named)) {
                throw new InvalidInputException("the snapshot's SHA-256 " + sha256 + " is not that of its chunk list");
            }
        }
    }

    /** A snapshot whose digest is that of the whole file (formats 1 to 3). */
    public SnapshotEntry(long size, Sha256 sha256, String integrityCheck, int chunkSize, List<ChunkEntry> chunks,
                         List<PackEntry> packs) {
        this(size, sha256, integrityCheck, chunkSize, chunks, packs, false);
    }

    /** A format 4 snapshot: its chunks in packs, named by {@link #chunkListDigest} of them. */
    public static SnapshotEntry ofChunkList(long size, String integrityCheck, int chunkSize, List<ChunkEntry> chunks,
                                            List<PackEntry> packs) {
        return new SnapshotEntry(size, null, integrityCheck, chunkSize, chunks, packs, true);
    }

    /**
     * The digest that names a format 4 snapshot: the SHA-256 of the ASCII bytes
     * {@code stowage-snapshot-chunks-v1}, then the snapshot's size as 8 bytes and the chunk size as
     * 4 bytes (big-endian), then each chunk's 32-byte SHA-256 in file order. The chunks' sizes follow
     * from the two sizes (every chunk is {@code chunkSize} bytes but the last), so the list of digests
     * and the sizes fix the file: two files with one digest would need two chunks with one SHA-256.
     */
    public static Sha256 chunkListDigest(long size, int chunkSize, List<ChunkEntry> chunks) {
        java.security.MessageDigest md = Sha256.newDigest();
        md.update(CHUNK_LIST_DOMAIN);
        md.update(java.nio.ByteBuffer.allocate(12).putLong(size).putInt(chunkSize).array());
        for (ChunkEntry c : chunks) {
            c.sha256().updateInto(md);
        }
        return Sha256.of(md.digest());
    }

    private static final byte[] CHUNK_LIST_DOMAIN = "stowage-snapshot-chunks-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A snapshot kept whole (format 1, no chunks) or in chunks kept as objects (format 2). */
    public SnapshotEntry(long size, Sha256 sha256, String integrityCheck, int chunkSize, List<ChunkEntry> chunks) {
        this(size, sha256, integrityCheck, chunkSize, chunks, List.of(), false);
    }

    private static void checkPacks(List<ChunkEntry> chunks, List<PackEntry> packs) {
        boolean packed = !packs.isEmpty();
        var place = new HashMap<Sha256, ChunkEntry>(Math.max(16, chunks.size() * 2));
        var used = new BitSet(packs.size());
        var ranges = new ArrayList<ChunkEntry>();
        for (int i = 0; i < chunks.size(); i++) {
            ChunkEntry c = chunks.get(i);
            if (c.packed() != packed) {
                throw new InvalidInputException("snapshot chunk " + i + (packed ? " is in no pack" : " names a pack, but the snapshot lists none"));
            }
            if (!packed) {
                // chunks kept as objects (format 2): an object has one size
                ChunkEntry before = place.putIfAbsent(c.sha256(), c);
                if (before != null && before.size() != c.size()) {
                    throw new InvalidInputException("the manifest gives SHA-256 " + c.sha256() + " two sizes");
                }
                continue;
            }
            if (c.pack() >= packs.size()) {
                throw new InvalidInputException("snapshot chunk " + i + " names pack " + c.pack() + " of " + packs.size());
            }
            PackEntry p = packs.get(c.pack());
            if (c.offset() > p.size() - c.size()) {
                throw new InvalidInputException("snapshot chunk " + i + " (" + c.size() + " bytes at " + c.offset()
                        + ") does not lie within its pack of " + p.size() + " bytes");
            }
            ChunkEntry before = place.putIfAbsent(c.sha256(), c);
            if (before == null) {
                used.set(c.pack());
                ranges.add(c);
            } else if (before.pack() != c.pack() || before.offset() != c.offset()) {
                throw new InvalidInputException("snapshot chunk " + i + " has the digest of another chunk but another place");
            } else if (before.size() != c.size()) {
                throw new InvalidInputException("the manifest gives SHA-256 " + c.sha256() + " two sizes");
            }
        }
        if (used.cardinality() != packs.size()) {
            throw new InvalidInputException("the snapshot lists a pack that holds none of its chunks");
        }
        if (new HashSet<>(packs.stream().map(PackEntry::sha256).toList()).size() != packs.size()) {
            throw new InvalidInputException("the snapshot lists a pack twice");
        }
        ranges.sort(Comparator.comparingInt(ChunkEntry::pack).thenComparingLong(ChunkEntry::offset));
        for (int i = 1; i < ranges.size(); i++) {
            ChunkEntry a = ranges.get(i - 1);
            ChunkEntry b = ranges.get(i);
            if (a.pack() == b.pack() && b.offset() < a.offset() + a.size()) {
                throw new InvalidInputException("two snapshot chunks overlap in pack " + packs.get(a.pack()).sha256());
            }
        }
    }

    /** A snapshot kept as one object (format 1). */
    public SnapshotEntry(long size, Sha256 sha256, String integrityCheck) {
        this(size, sha256, integrityCheck, 0, List.of(), List.of(), false);
    }

    /**
     * A chunk size is a power of two from {@link #MIN_CHUNK_SIZE} to {@link #MAX_CHUNK_SIZE}: SQLite's
     * pages are powers of two, so such a chunk holds whole pages (or, below a large page size, an
     * equal part of one) and a page never straddles two chunks.
     */
    public static int checkChunkSize(int chunkSize) {
        if (chunkSize < MIN_CHUNK_SIZE || chunkSize > MAX_CHUNK_SIZE || Integer.bitCount(chunkSize) != 1) {
            throw new InvalidInputException("a snapshot chunk size must be a power of two from " + MIN_CHUNK_SIZE + " to "
                    + MAX_CHUNK_SIZE + " bytes, not " + chunkSize);
        }
        return chunkSize;
    }

    public boolean chunked() {
        return chunkSize != 0;
    }

    /** Whether its chunks are kept in packs (format 3). */
    public boolean packed() {
        return !packs.isEmpty();
    }

    /**
     * The objects that make up the snapshot, in file order: its chunks, or the whole snapshot as one
     * object. Concatenated, they are the snapshot's {@link #size()} bytes, with digest {@link #sha256()}
     * unless the snapshot is named by its chunk list ({@link #digestOfChunkList()}).
     */
    public List<ChunkEntry> parts() {
        if (chunked()) {
            return chunks;
        }
        return size == 0 ? List.of() : List.of(new ChunkEntry(size, sha256));
    }

    public boolean sound() {
        return integrityCheck.equals("ok");
    }
}
