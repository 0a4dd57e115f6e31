package dev.stowage.application.service.backup;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.ChunkEntry;
import dev.stowage.domain.backup.PackEntry;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.common.Sha256;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lays a snapshot's chunks out in packs (manifest formats 3 and 4), in file order: a chunk that a
 * pack named by the newest manifest (or the base backup's) already holds, or that this snapshot had
 * already (equal pages), is referred to where it is; so is a chunk taken unread from the base
 * backup ({@link #addKnown}); any other is appended to the pack being filled, which goes to the
 * writer threads once full. A pack is one object, so the target syncs (or uploads) once per pack
 * rather than once per chunk.
 *
 * <p>Not thread-safe: one thread adds the chunks; the writer threads only store sealed packs (the
 * target names each by its digest). {@link #entry} is called after the writer has finished.
 */
final class Packer {
    /** A pack: one named by an earlier manifest (its digest known), or one this backup fills. */
    private static final class Pack {
        final long knownSize;
        final byte[] buffer;
        int length;
        int chunks;
        volatile Sha256 sha256;

        Pack(PackEntry existing) {
            this.sha256 = existing.sha256();
            this.knownSize = existing.size();
            this.buffer = null;
        }

        Pack(int capacity) {
            this.buffer = new byte[capacity];
            this.knownSize = -1;
        }

        long size() {
            return buffer == null ? knownSize : length;
        }
    }

    private static final String WRITES = "snapshot packs: hash and write (summed over threads)";

    private record Place(Pack pack, long offset) {
    }

    private final BackupTarget.Batch target;
    private final ParallelWriter writer;
    private final BackupRun.Timer timer;
    private final int packSize;
    private final Map<Sha256, Place> places = new HashMap<>(1 << 16);
    private final List<Place> order = new ArrayList<>();
    private final List<Sha256> digests = new ArrayList<>();
    /** The chunks' sizes, in file order, as {@link #order}: one a chunk, 134,615 for a 1 GiB database, unboxed. */
    private long[] sizes = new long[1024];
    private final List<Sha256> written = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong chunkBytes = new AtomicLong();
    private final AtomicInteger chunksWritten = new AtomicInteger();
    private Pack filling;

    /**
     * @param target the batch of the backup's writes at the target, committed by the caller once the
     *               writer is done and before the manifest
     * @param known manifests at the target (the newest, the base backup's), whose packs stay while
     *              this backup holds its lock (a prune deletes nothing while a backup runs); their
     *              chunks are not written again. Nulls and unpacked snapshots are passed over.
     */
    Packer(BackupTarget.Batch target, ParallelWriter writer, BackupRun.Timer timer, int packSize, BackupManifest... known) {
        this.target = Objects.requireNonNull(target, "target");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.packSize = PackEntry.MAX_PACK_SIZE < packSize ? PackEntry.MAX_PACK_SIZE : packSize;
        var seen = java.util.Collections.newSetFromMap(new IdentityHashMap<BackupManifest, Boolean>());
        for (BackupManifest manifest : known) {
            // the base is most often the newest manifest itself: its 131,072 chunks (1 GiB) are mapped once
            if (manifest == null || !manifest.snapshot().packed() || !seen.add(manifest)) {
                continue;
            }
            List<Pack> old = new ArrayList<>();
            for (PackEntry p : manifest.snapshot().packs()) {
                old.add(new Pack(p));
            }
            for (ChunkEntry c : manifest.snapshot().chunks()) {
                places.putIfAbsent(c.sha256(), new Place(old.get(c.pack()), c.offset()));
            }
        }
    }

    /** The next chunk of the snapshot, in file order; its content is {@code size} bytes of {@code buffer} from {@code offset} (not kept). */
    void add(Sha256 sha256, byte[] buffer, int offset, int size) {
        Place place = places.get(sha256);
        if (place == null) {
            if (filling != null && filling.length + size > filling.buffer.length) {
                seal();
            }
            if (filling == null) {
                filling = new Pack(Math.max(packSize, size));
            }
            place = new Place(filling, filling.length);
            System.arraycopy(buffer, offset, filling.buffer, filling.length, size);
            filling.length += size;
            filling.chunks++;
            places.put(sha256, place);
        }
        addInOrder(place, sha256, size);
    }

    /**
     * The next chunk of the snapshot, in file order, known to be the chunk {@code sha256} of
     * {@code size} bytes that a pack of a manifest given to the constructor holds: referred to there,
     * unread.
     *
     * @throws IllegalStateException when no such pack holds it (a caller's bug: nothing is guessed)
     */
    void addKnown(Sha256 sha256, long size) {
        Place place = places.get(sha256);
        if (place == null) {
            throw new IllegalStateException("chunk " + sha256 + " is in no pack this backup knows");
        }
        addInOrder(place, sha256, size);
    }

    private void addInOrder(Place place, Sha256 sha256, long size) {
        int i = order.size();
        if (i == sizes.length) {
            sizes = Arrays.copyOf(sizes, i * 2);
        }
        sizes[i] = size;
        order.add(place);
        digests.add(sha256);
    }

    /** Hands the pack being filled to the writer threads, which store it named by its digest. */
    void seal() {
        Pack pack = filling;
        filling = null;
        if (pack == null || pack.length == 0) {
            return;
        }
        writer.submit(pack.buffer.length, () -> {
            long began = timer.begin(WRITES);
            try {
                return store(pack);
            } finally {
                timer.end(WRITES, began);
            }
        });
    }

    /**
     * Stores a sealed pack, named by its digest, which the target computes as it stores it (on a
     * folder, one pass over the bytes rather than this class's hash and the target's check); the bytes
     * it added (0 when the target had it).
     */
    private long store(Pack pack) {
        BackupTarget.Stored stored = target.putObject(pack.buffer, 0, pack.length);
        Sha256 sha = stored.sha256();
        pack.sha256 = sha;
        if (!stored.written()) {
            return 0;
        }
        written.add(sha);
        chunkBytes.addAndGet(pack.length);
        chunksWritten.addAndGet(pack.chunks);
        return pack.length;
    }

    /**
     * The snapshot's entry, of the same kind as {@code like} (whose size, digest, check and chunk
     * size it keeps): its chunks with their places here. Call after {@link #seal} and the writer's await.
     */
    SnapshotEntry entry(SnapshotEntry like) {
        return like.digestOfChunkList() ? entry(like.size(), like.integrityCheck(), like.chunkSize())
                : entry(like.size(), like.sha256(), like.integrityCheck(), like.chunkSize());
    }

    /** The snapshot's entry in format 4, named by its chunk list: see {@link #entry(long, Sha256, String, int)}. */
    SnapshotEntry entry(long size, String integrityCheck, int chunkSize) {
        Layout layout = layout();
        return SnapshotEntry.ofChunkList(size, integrityCheck, chunkSize, layout.chunks(), layout.packs());
    }

    /**
     * The snapshot's entry: its chunks with their places, and the packs they lie in, numbered in
     * the order the snapshot first uses them. Call after {@link #seal} and the writer's await.
     */
    SnapshotEntry entry(long size, Sha256 sha256, String integrityCheck, int chunkSize) {
        Layout layout = layout();
        return new SnapshotEntry(size, sha256, integrityCheck, chunkSize, layout.chunks(), layout.packs());
    }

    private record Layout(List<ChunkEntry> chunks, List<PackEntry> packs) {
    }

    private Layout layout() {
        var index = new IdentityHashMap<Pack, Integer>();
        var packs = new ArrayList<PackEntry>();
        var chunks = new ArrayList<ChunkEntry>(order.size());
        Pack last = null;
        int lastIndex = -1;
        for (int i = 0; i < order.size(); i++) {
            Place p = order.get(i);
            // neighbours in the file mostly lie in one pack: looked up once per run
            if (p.pack() != last) {
                Integer n = index.get(p.pack());
                if (n == null) {
                    n = packs.size();
                    index.put(p.pack(), n);
                    packs.add(new PackEntry(Objects.requireNonNull(p.pack().sha256, "a pack was not stored"), p.pack().size()));
                }
                last = p.pack();
                lastIndex = n;
            }
            chunks.add(new ChunkEntry(sizes[i], digests.get(i), lastIndex, p.offset()));
        }
        return new Layout(chunks, packs);
    }

    /** The packs this backup stored (not those the target had). */
    List<Sha256> packsWritten() {
        return List.copyOf(written);
    }

    /** Bytes of the chunks that went into packs this backup stored. */
    long chunkBytesWritten() {
        return chunkBytes.get();
    }

    /** How many chunks went into packs this backup stored. */
    int chunksWritten() {
        return chunksWritten.get();
    }
}
