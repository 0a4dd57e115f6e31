package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
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
 * @param integrityCheck what SQLite's {@code integrity_check} said when the snapshot was taken
 *                       ({@code ok} for a sound one)
 * @param chunkSize      bytes per chunk (format 2), 0 for a snapshot kept whole (format 1)
 * @param chunks         the chunks in file order (format 2), empty for a snapshot kept whole
 */
public record SnapshotEntry(long size, Sha256 sha256, String integrityCheck, int chunkSize, List<ChunkEntry> chunks) {
    /** The smallest chunk: SQLite's default page, so a chunk never splits one at that size. */
    public static final int MIN_CHUNK_SIZE = 4096;
    /** The largest chunk: held in memory while it is hashed and written. */
    public static final int MAX_CHUNK_SIZE = 64 << 20;

    public SnapshotEntry {
        if (size < 0) {
            throw new InvalidInputException("snapshot size must not be negative");
        }
        Objects.requireNonNull(sha256, "sha256");
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
    }

    /** A snapshot kept as one object (format 1). */
    public SnapshotEntry(long size, Sha256 sha256, String integrityCheck) {
        this(size, sha256, integrityCheck, 0, List.of());
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

    /**
     * The objects that make up the snapshot, in file order: its chunks, or the whole snapshot as one
     * object. Concatenated, they are the snapshot's {@link #size()} bytes with digest {@link #sha256()}.
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
