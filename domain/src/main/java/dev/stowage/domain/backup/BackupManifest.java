package dev.stowage.domain.backup;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What a backup holds and needs: the versions to restore it with, the row counts, the database
 * snapshot and every blob the snapshot's rows refer to. Written to the target after every object
 * it names, it is the backup's commit point.
 *
 * <p>A manifest never lists a blob key twice, and one digest never comes with two sizes (among
 * blobs, chunks and a whole snapshot): either would be a hand-made or corrupt manifest, and is
 * refused when read.
 *
 * <p>Format 1 keeps the snapshot as one object; format 2 as fixed-size chunks, each an object;
 * format 3 as fixed-size chunks held in packs, a few large objects; format 4 (written since) as
 * format 3, with the snapshot named by the digest of its chunk list rather than of the whole file,
 * and with the database engine's change mark of the moment it was taken (see {@link SnapshotEntry}).
 * This build reads all four.
 *
 * @param formatVersion the layout's version; {@link #parse} refuses one it does not know
 * @param rowCounts     rows per table of the snapshot
 * @param changeMark    (format 4) the engine's mark of the snapshot's moment, by which a later backup
 *                      of the same database learns which pages changed since; empty when the engine
 *                      gave none. Opaque: at most 200 printable ASCII characters
 */
public record BackupManifest(int formatVersion, BackupId id, String label, Instant createdAt, String appVersion,
                             String schemaVersion, Map<String, Long> rowCounts, SnapshotEntry snapshot,
                             List<BlobEntry> blobs, Optional<String> changeMark) {
    public static final int CURRENT_FORMAT = 4;
    /** The format whose snapshot is named by its chunk list and which may carry a change mark. */
    public static final int CHUNK_LIST_FORMAT = 4;
    /** The longest change mark. */
    public static final int MAX_CHANGE_MARK = 200;
    /** The format whose snapshot is one object. */
    public static final int WHOLE_SNAPSHOT_FORMAT = 1;
    /** The format whose snapshot chunks are objects of their own. */
    public static final int CHUNK_OBJECT_FORMAT = 2;
    /** Bytes per chunk in a format 3 manifest's {@code chunks}: SHA-256, pack index, offset in the pack. */
    private static final int CHUNK_RECORD = 32 + 4 + 4;

    public BackupManifest {
        if (formatVersion < 1 || formatVersion > CURRENT_FORMAT) {
            throw new InvalidInputException("backup format version " + formatVersion + " is not known to this build (it reads 1 to "
                    + CURRENT_FORMAT + ")");
        }
        Objects.requireNonNull(id, "id");
        Backup.checkLabel(label);
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.text(appVersion, "application version", 100);
        Checks.text(schemaVersion, "schema version", 100);
        rowCounts = Map.copyOf(new TreeMap<>(rowCounts));
        Objects.requireNonNull(snapshot, "snapshot");
        if (snapshot.chunked() != (formatVersion > WHOLE_SNAPSHOT_FORMAT)) {
            throw new InvalidInputException("a format " + formatVersion + " manifest must " + (snapshot.chunked() ? "not " : "")
                    + "list its snapshot in chunks");
        }
        if (snapshot.packed() != (formatVersion > CHUNK_OBJECT_FORMAT) && !snapshot.chunks().isEmpty()) {
            throw new InvalidInputException("a format " + formatVersion + " manifest must " + (snapshot.packed() ? "not " : "")
                    + "keep its snapshot chunks in packs");
        }
        if (snapshot.digestOfChunkList() != (formatVersion >= CHUNK_LIST_FORMAT)) {
            throw new InvalidInputException("a format " + formatVersion + " manifest must name its snapshot by "
                    + (snapshot.digestOfChunkList() ? "the whole file's SHA-256" : "its chunk list"));
        }
        Objects.requireNonNull(changeMark, "changeMark");
        if (changeMark.isPresent()) {
            if (formatVersion < CHUNK_LIST_FORMAT) {
                throw new InvalidInputException("a format " + formatVersion + " manifest has no change mark");
            }
            String mark = changeMark.get();
            if (mark.isEmpty() || mark.length() > MAX_CHANGE_MARK || !mark.chars().allMatch(c -> c >= 0x20 && c < 0x7f)) {
                throw new InvalidInputException("a change mark is 1 to " + MAX_CHANGE_MARK + " printable ASCII characters");
            }
        }
        blobs = List.copyOf(blobs);
        var keys = new HashSet<BlobKey>();
        // blobs and packs: a few hundred; the chunks (134,615 for 1 GiB) are looked up, not added: the snapshot
        // gives each of its chunk digests one size already (SnapshotEntry checks that)
        var sizes = new HashMap<Sha256, Long>(Math.max(16, 2 * (blobs.size() + snapshot.packs().size())));
        for (BlobEntry b : blobs) {
            if (!keys.add(b.key())) {
                throw new InvalidInputException("the manifest lists blob '" + b.key() + "' twice");
            }
            oneSize(sizes.putIfAbsent(b.sha256(), b.size()), b.sha256(), b.size());
        }
        for (PackEntry p : snapshot.packs()) {
            oneSize(sizes.putIfAbsent(p.sha256(), p.size()), p.sha256(), p.size());
        }
        if (!sizes.isEmpty()) {
            for (ChunkEntry c : snapshot.parts()) {
                oneSize(sizes.get(c.sha256()), c.sha256(), c.size());
            }
        }
    }

    /** Refuses {@code size} for {@code sha256} when the manifest gave it {@code other} (null: no size yet). */
    private static void oneSize(Long other, Sha256 sha256, long size) {
        if (other != null && other != size) {
            throw new InvalidInputException("the manifest gives SHA-256 " + sha256 + " two sizes");
        }
    }

    /** A manifest without a change mark (every format 1 to 3 one, and format 4 from an engine that tracks nothing). */
    public BackupManifest(int formatVersion, BackupId id, String label, Instant createdAt, String appVersion,
                          String schemaVersion, Map<String, Long> rowCounts, SnapshotEntry snapshot, List<BlobEntry> blobs) {
        this(formatVersion, id, label, createdAt, appVersion, schemaVersion, rowCounts, snapshot, blobs, Optional.empty());
    }

    /**
     * Every object the target must hold for this backup, each once: the snapshot's (its chunks, or
     * the whole snapshot in format 1), then the blobs'.
     */
    public Map<Sha256, Long> objects() {
        var objects = snapshotObjects();
        for (BlobEntry b : blobs) {
            objects.putIfAbsent(b.sha256(), b.size());
        }
        return objects;
    }

    /**
     * The distinct objects that make up the snapshot: its packs (format 3), or its chunks in file
     * order of first appearance (format 2), or the whole snapshot (format 1).
     */
    public Map<Sha256, Long> snapshotObjects() {
        var objects = new LinkedHashMap<Sha256, Long>();
        if (!snapshot.chunked()) {
            objects.put(snapshot.sha256(), snapshot.size());
        }
        if (snapshot.packed()) {
            for (PackEntry p : snapshot.packs()) {
                objects.put(p.sha256(), p.size());
            }
            return objects;
        }
        for (ChunkEntry c : snapshot.chunks()) {
            objects.putIfAbsent(c.sha256(), c.size());
        }
        return objects;
    }

    /** Bytes of every distinct object (what a restore reads; a chunk repeated in the snapshot counts once). */
    public long totalBytes() {
        return objects().values().stream().mapToLong(Long::longValue).sum();
    }

    // ---- JSON ----

    /** The manifest as compact JSON (UTF-8 when stored). Blobs keep their order; keys are fixed. */
    public String toJson() {
        var m = new LinkedHashMap<String, Object>();
        m.put("format", formatVersion);
        m.put("id", id.value());
        m.put("label", label);
        m.put("created_at", createdAt.toString());
        m.put("app_version", appVersion);
        m.put("schema_version", schemaVersion);
        m.put("row_counts", new TreeMap<>(rowCounts));
        var s = new LinkedHashMap<String, Object>();
        s.put("size", snapshot.size());
        s.put("sha256", snapshot.sha256().hex());
        s.put("integrity_check", snapshot.integrityCheck());
        if (formatVersion > CHUNK_OBJECT_FORMAT) {
            s.put("chunk_size", snapshot.chunkSize());
            var packs = new ArrayList<Object>(snapshot.packs().size());
            for (PackEntry p : snapshot.packs()) {
                var e = new LinkedHashMap<String, Object>();
                e.put("sha256", p.sha256().hex());
                e.put("size", p.size());
                packs.add(e);
            }
            s.put("packs", packs);
            // 40 bytes a chunk, not a JSON object of ~90: a 1 GiB database in 8 KiB chunks is 131,072 of them
            ByteBuffer records = ByteBuffer.allocate(snapshot.chunks().size() * CHUNK_RECORD);
            for (ChunkEntry c : snapshot.chunks()) {
                c.sha256().putInto(records);
                records.putInt(c.pack()).putInt((int) c.offset());
            }
            s.put("chunks", Base64.getEncoder().encodeToString(records.array()));
            changeMark.ifPresent(mark -> s.put("change_mark", mark));
        } else if (snapshot.chunked()) {
            s.put("chunk_size", snapshot.chunkSize());
            var chunks = new ArrayList<Object>(snapshot.chunks().size());
            for (ChunkEntry c : snapshot.chunks()) {
                var e = new LinkedHashMap<String, Object>();
                e.put("size", c.size());
                e.put("sha256", c.sha256().hex());
                chunks.add(e);
            }
            s.put("chunks", chunks);
        }
        m.put("snapshot", s);
        var list = new ArrayList<Object>(blobs.size());
        for (BlobEntry b : blobs) {
            var e = new LinkedHashMap<String, Object>();
            e.put("key", b.key().value());
            e.put("size", b.size());
            e.put("sha256", b.sha256().hex());
            list.add(e);
        }
        m.put("blobs", list);
        return Json.write(m);
    }

    /**
     * Reads a manifest written by {@link #toJson}. Refuses, with {@link InvalidInputException}, text
     * that is not such a manifest: not JSON, a missing or mistyped field, an unknown format version
     * (checked first, so a newer manifest is named as such), a blob listed twice.
     */
    public static BackupManifest parse(String json) {
        Map<String, Object> m = Json.parseObject(json, "backup manifest");
        int format = (int) number(m, "format", 1, Integer.MAX_VALUE);
        if (format > CURRENT_FORMAT) {
            throw new InvalidInputException("backup format version " + format + " is newer than this build knows (" + CURRENT_FORMAT + ")");
        }
        Map<String, Object> counts = object(m, "row_counts");
        var rowCounts = new TreeMap<String, Long>();
        for (String table : counts.keySet()) {
            rowCounts.put(Checks.text(table, "table name", 200), number(counts, table, 0, Long.MAX_VALUE));
        }
        Map<String, Object> s = object(m, "snapshot");
        SnapshotEntry snapshot;
        if (format == WHOLE_SNAPSHOT_FORMAT) {
            snapshot = new SnapshotEntry(number(s, "size", 0, Long.MAX_VALUE), new Sha256(string(s, "sha256")),
                    string(s, "integrity_check"));
        } else if (format > CHUNK_OBJECT_FORMAT) {
            snapshot = packedSnapshot(s, format >= CHUNK_LIST_FORMAT);
        } else {
            var chunks = new ArrayList<ChunkEntry>();
            for (Map<String, Object> c : array(s, "chunks", "snapshot chunk")) {
                chunks.add(new ChunkEntry(number(c, "size", 1, SnapshotEntry.MAX_CHUNK_SIZE), new Sha256(string(c, "sha256"))));
            }
            snapshot = new SnapshotEntry(number(s, "size", 0, Long.MAX_VALUE), new Sha256(string(s, "sha256")),
                    string(s, "integrity_check"), (int) number(s, "chunk_size", SnapshotEntry.MIN_CHUNK_SIZE,
                    SnapshotEntry.MAX_CHUNK_SIZE), chunks);
        }
        var blobs = new ArrayList<BlobEntry>();
        for (Map<String, Object> b : array(m, "blobs", "blob")) {
            blobs.add(new BlobEntry(new BlobKey(string(b, "key")), number(b, "size", 0, Long.MAX_VALUE),
                    new Sha256(string(b, "sha256"))));
        }
        Instant created;
        try {
            created = Instant.parse(string(m, "created_at"));
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("backup manifest: 'created_at' is not an ISO-8601 instant");
        }
        Optional<String> mark = Optional.empty();
        if (format >= CHUNK_LIST_FORMAT && s.containsKey("change_mark")) {
            mark = Optional.of(string(s, "change_mark"));
        }
        return new BackupManifest(format, new BackupId(string(m, "id")), string(m, "label"), created,
                string(m, "app_version"), string(m, "schema_version"), rowCounts, snapshot, blobs, mark);
    }

    /**
     * A format 3 or 4 snapshot: its packs, and its chunks as base64 of 40-byte records (SHA-256, pack
     * index, offset in the pack; big-endian), each chunk's size given by the tiling. The record
     * count is checked against the snapshot's size before any chunk is built, and every place
     * against its pack by {@link SnapshotEntry}.
     */
    private static SnapshotEntry packedSnapshot(Map<String, Object> s, boolean digestOfChunkList) {
        long size = number(s, "size", 0, Long.MAX_VALUE);
        int chunkSize = (int) number(s, "chunk_size", SnapshotEntry.MIN_CHUNK_SIZE, SnapshotEntry.MAX_CHUNK_SIZE);
        SnapshotEntry.checkChunkSize(chunkSize);
        var packs = new ArrayList<PackEntry>();
        for (Map<String, Object> p : array(s, "packs", "pack")) {
            packs.add(new PackEntry(new Sha256(string(p, "sha256")), number(p, "size", 1, PackEntry.MAX_PACK_SIZE)));
        }
        byte[] records;
        try {
            records = Base64.getDecoder().decode(string(s, "chunks"));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("backup manifest: 'chunks' is not base64");
        }
        long expected = size / chunkSize + (size % chunkSize == 0 ? 0 : 1);
        if (records.length % CHUNK_RECORD != 0 || records.length / CHUNK_RECORD != expected) {
            throw new InvalidInputException("the snapshot of " + size + " bytes in chunks of " + chunkSize + " has " + expected
                    + " chunks, the manifest's 'chunks' holds " + records.length / (double) CHUNK_RECORD);
        }
        var chunks = new ArrayList<ChunkEntry>((int) expected);
        ByteBuffer in = ByteBuffer.wrap(records);
        for (int i = 0; i < expected; i++) {
            int at = i * CHUNK_RECORD;
            in.position(at + 32);
            int pack = in.getInt();
            long offset = Integer.toUnsignedLong(in.getInt());
            long chunk = i < expected - 1 ? chunkSize : size - (long) chunkSize * i;
            if (pack < 0) {
                throw new InvalidInputException("snapshot chunk " + i + " names pack " + Integer.toUnsignedLong(pack));
            }
            chunks.add(new ChunkEntry(chunk, Sha256.of(records, at), pack, offset));
        }
        return new SnapshotEntry(size, new Sha256(string(s, "sha256")), string(s, "integrity_check"), chunkSize, chunks, packs,
                digestOfChunkList);
    }

    /** The array {@code field} of {@code m}, whose every element must be an object. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> array(Map<String, Object> m, String field, String what) {
        if (!(m.get(field) instanceof List<?> list)) {
            throw new InvalidInputException("backup manifest: '" + field + "' must be an array");
        }
        var out = new ArrayList<Map<String, Object>>(list.size());
        for (Object o : list) {
            if (!(o instanceof Map<?, ?>)) {
                throw new InvalidInputException("backup manifest: every " + what + " must be an object");
            }
            out.add((Map<String, Object>) o);
        }
        return out;
    }

    private static String string(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof String s)) {
            throw new InvalidInputException("backup manifest: '" + field + "' must be a string");
        }
        return s;
    }

    private static long number(Map<String, Object> m, String field, long min, long max) {
        if (!(m.get(field) instanceof BigDecimal d)) {
            throw new InvalidInputException("backup manifest: '" + field + "' must be a number");
        }
        long v;
        try {
            v = d.longValueExact();
        } catch (ArithmeticException e) {
            throw new InvalidInputException("backup manifest: '" + field + "' must be a whole number");
        }
        return Checks.range(v, min, max, "backup manifest: '" + field + "'");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> m, String field) {
        if (!(m.get(field) instanceof Map<?, ?> o)) {
            throw new InvalidInputException("backup manifest: '" + field + "' must be an object");
        }
        return (Map<String, Object>) o;
    }
}
