package dev.stowage.application.service.backup;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.ChunkEntry;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The earlier backup an incremental one takes its unchanged chunks from, unread: the newest backup
 * at the target whose manifest carries the engine's change mark and lays its snapshot out in chunks
 * of the size this backup uses. When the engine tells which pages changed since that mark, a chunk
 * with no changed page that lies within both snapshots is the base's chunk: same digest, same place
 * in the same pack.
 *
 * <p>Defence in depth: a sample of those chunks is read and hashed anyway ({@link #sampleSize}) and
 * compared with the base's digests. One mismatch means the engine's answer was wrong; it is logged
 * at WARN and the backup reads every chunk, so a change-tracking bug costs time, never a wrong backup.
 */
final class IncrementalBase {
    private static final System.Logger LOG = System.getLogger(IncrementalBase.class.getName());
    /** At least this many of the chunks taken from the base are read to check the engine's answer... */
    static final int MIN_SAMPLE = 64;
    /** ...or this fraction of them, whichever is more (1 in 1000: 131 of a 1 GiB database's 131,072). */
    static final int SAMPLE_PER_MILLE = 1;
    /** Manifests looked at, newest first, for one with a change mark: each is parsed whole (MiBs for a large database). */
    static final int MANIFESTS_LOOKED_AT = 4;

    private IncrementalBase() {
    }

    /**
     * The newest of the last {@link #MANIFESTS_LOOKED_AT} manifests at the target with a change mark
     * and a packed snapshot in chunks of {@code chunkSize}, or empty. {@code newest} is the newest
     * manifest when the caller has read it already (not read again), or null; the others are read
     * through {@code manifests}.
     */
    static Optional<BackupManifest> find(BackupTarget target, ParsedManifests manifests, BackupManifest newest, int chunkSize) {
        List<BackupId> ids = target.manifests();
        for (int i = ids.size() - 1, looked = 0; i >= 0 && looked < MANIFESTS_LOOKED_AT; i--, looked++) {
            BackupManifest m;
            if (newest != null && newest.id().equals(ids.get(i))) {
                m = newest;
            } else {
                try {
                    m = manifests.read(ids.get(i));
                } catch (NotFoundException | InvalidInputException unusable) {
                    continue;
                }
            }
            if (usable(m, chunkSize)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }

    private static boolean usable(BackupManifest m, int chunkSize) {
        SnapshotEntry s = m.snapshot();
        return m.changeMark().isPresent() && s.packed() && s.chunkSize() == chunkSize;
    }

    /**
     * The chunks of a snapshot of {@code size} bytes that are the base's: those with no page in
     * {@code changed} and the same size in both snapshots (so lying within both).
     */
    static BitSet unchanged(BackupManifest base, long size, int chunkSize, ChangedPages changed) {
        List<ChunkEntry> old = base.snapshot().chunks();
        int count = SnapshotChunks.chunkCount(size, chunkSize);
        var same = new BitSet(count);
        for (int i = 0; i < count && i < old.size(); i++) {
            long from = (long) i * chunkSize;
            long length = Math.min(chunkSize, size - from);
            if (old.get(i).size() == length && !changed.mayDiffer(from, length)) {
                same.set(i);
            }
        }
        return same;
    }

    /** How many of {@code unchanged} chunks are read to check them: see {@link #MIN_SAMPLE}. */
    static int sampleSize(int unchanged) {
        long perMille = ((long) unchanged * SAMPLE_PER_MILLE + 999) / 1000;
        return (int) Math.min(unchanged, Math.max(MIN_SAMPLE, perMille));
    }

    /** What the sample found: how many chunks it read, and whether every one was the base's. */
    record Sample(int read, boolean agrees) {
    }

    /**
     * Reads and hashes a sample of the {@code unchanged} chunks (the first and the last of them,
     * where a file's header and its growth lie, and the rest at random) and compares each with the
     * base's digest; stops at the first mismatch, which it logs at WARN.
     */
    static Sample check(BackupManifest base, BitSet unchanged, long size, int chunkSize, SnapshotChunks.Source source,
                        Random random) throws IOException {
        int candidates = unchanged.cardinality();
        int wanted = sampleSize(candidates);
        var chosen = new BitSet();
        if (candidates > 0) {
            chosen.set(unchanged.nextSetBit(0));
            chosen.set(unchanged.previousSetBit(unchanged.length() - 1));
        }
        if (wanted >= candidates) {
            chosen.or(unchanged);
        } else {
            int[] indexes = unchanged.stream().toArray();
            while (chosen.cardinality() < wanted) {
                chosen.set(indexes[random.nextInt(indexes.length)]);
            }
        }
        List<ChunkEntry> old = base.snapshot().chunks();
        MessageDigest md = Digests.sha256();
        int read = 0;
        for (int i = chosen.nextSetBit(0); i >= 0; i = chosen.nextSetBit(i + 1)) {
            long from = (long) i * chunkSize;
            byte[] bytes = new byte[(int) Math.min(chunkSize, size - from)];
            source.read(from, bytes);
            read++;
            Sha256 got = Sha256.of(md.digest(bytes));
            if (!got.equals(old.get(i).sha256())) {
                LOG.log(Level.WARNING, "the database engine said chunk " + i + " (bytes " + from + "+" + bytes.length
                        + ") was unchanged since backup " + base.id() + ", but it differs; this backup reads every chunk");
                return new Sample(read, false);
            }
        }
        return new Sample(read, true);
    }
}
