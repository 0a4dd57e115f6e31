package dev.stowage.application.service.backup;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.domain.backup.BackupManifest;
import dev.stowage.domain.backup.ChunkEntry;
import dev.stowage.domain.backup.PackEntry;
import dev.stowage.domain.backup.SnapshotEntry;
import dev.stowage.domain.common.Sha256;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lays a snapshot's chunks out in packs (manifest format 3), in file order: a chunk that a pack
 * named by the newest manifest already holds, or that this snapshot had already (equal pages), is
 * referred to where it is; any other is appended to the pack being filled, which goes to the
 * writer threads once full. A pack is one object, so the target syncs (or uploads) once per pack
 * rather than once per chunk.
 *
 * <p>Not thread-safe: one thread adds the chunks; the writer threads only hash and store sealed
 * packs. {@link #entry} is called after the writer has finished.
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

    private final BackupTarget target;
    private final ParallelWriter writer;
    private final BackupRun.Timer timer;
    private final int packSize;
    private final Map<Sha256, Place> places = new HashMap<>();
    private final List<Place> order = new ArrayList<>();
    private final List<Sha256> digests = new ArrayList<>();
    private final List<Long> sizes = new ArrayList<>();
    private final List<Sha256> written = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong chunkBytes = new AtomicLong();
    private final AtomicInteger chunksWritten = new AtomicInteger();
    private Pack filling;

    /**
     * @param newest the newest manifest at the target, whose packs stay while this backup holds its
     *               lock (a prune deletes nothing while a backup runs); its chunks are not written again
     */
    Packer(BackupTarget target, ParallelWriter writer, BackupRun.Timer timer, int packSize, BackupManifest newest) {
        this.target = Objects.requireNonNull(target, "target");
        this.writer = Objects.requireNonNull(writer, "writer");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.packSize = PackEntry.MAX_PACK_SIZE < packSize ? PackEntry.MAX_PACK_SIZE : packSize;
        if (newest != null && newest.snapshot().packed()) {
            List<Pack> old = new ArrayList<>();
            for (PackEntry p : newest.snapshot().packs()) {
                old.add(new Pack(p));
            }
            for (ChunkEntry c : newest.snapshot().chunks()) {
                places.putIfAbsent(c.sha256(), new Place(old.get(c.pack()), c.offset()));
            }
        }
    }

    /** The next chunk of the snapshot, in file order; {@code bytes} is its content (not kept). */
    void add(Sha256 sha256, byte[] bytes) {
        Place place = places.get(sha256);
        if (place == null) {
            if (filling != null && filling.length + bytes.length > filling.buffer.length) {
                seal();
            }
            if (filling == null) {
                filling = new Pack(Math.max(packSize, bytes.length));
            }
            place = new Place(filling, filling.length);
            System.arraycopy(bytes, 0, filling.buffer, filling.length, bytes.length);
            filling.length += bytes.length;
            filling.chunks++;
            places.put(sha256, place);
        }
        order.add(place);
        digests.add(sha256);
        sizes.add((long) bytes.length);
    }

    /** Hands the pack being filled to the writer threads, which name it by its digest and store it. */
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

    /** Names a sealed pack by its digest and stores it; the bytes it added (0 when the target had it). */
    private long store(Pack pack) {
        MessageDigest md = Digests.sha256();
        md.update(pack.buffer, 0, pack.length);
        Sha256 sha = Sha256.of(md.digest());
        pack.sha256 = sha;
        if (!target.putObject(sha, pack.length, new ByteArrayInputStream(pack.buffer, 0, pack.length))) {
            return 0;
        }
        written.add(sha);
        chunkBytes.addAndGet(pack.length);
        chunksWritten.addAndGet(pack.chunks);
        return pack.length;
    }

    /**
     * The snapshot's entry: its chunks with their places, and the packs they lie in, numbered in
     * the order the snapshot first uses them. Call after {@link #seal} and the writer's await.
     */
    SnapshotEntry entry(long size, Sha256 sha256, String integrityCheck, int chunkSize) {
        var index = new IdentityHashMap<Pack, Integer>();
        var packs = new ArrayList<PackEntry>();
        var chunks = new ArrayList<ChunkEntry>(order.size());
        for (int i = 0; i < order.size(); i++) {
            Place p = order.get(i);
            Integer n = index.get(p.pack());
            if (n == null) {
                n = packs.size();
                index.put(p.pack(), n);
                packs.add(new PackEntry(Objects.requireNonNull(p.pack().sha256, "a pack was not stored"), p.pack().size()));
            }
            chunks.add(new ChunkEntry(sizes.get(i), digests.get(i), n, p.offset()));
        }
        return new SnapshotEntry(size, sha256, integrityCheck, chunkSize, chunks, packs);
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
