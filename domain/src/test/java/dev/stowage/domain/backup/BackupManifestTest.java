package dev.stowage.domain.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BackupManifestTest {
    private static final Sha256 A = new Sha256("a".repeat(64));
    private static final Sha256 B = new Sha256("b".repeat(64));
    private static final Sha256 S = new Sha256("c".repeat(64));
    private static final Sha256 C1 = new Sha256("d".repeat(64));
    private static final Sha256 C2 = new Sha256("e".repeat(64));
    private static final BackupId ID = new BackupId("01HV0000000000000000000001");

    @Test
    void aManifestRoundTripsThroughJson() {
        var m = manifest(List.of(new BlobEntry(new BlobKey("documents/aa/1"), 10, A),
                new BlobEntry(new BlobKey("documents/bb/2"), 20, B), new BlobEntry(new BlobKey("images/x"), 10, A)));

        BackupManifest back = BackupManifest.parse(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(back.objects()).containsExactly(Map.entry(S, 99L), Map.entry(A, 10L), Map.entry(B, 20L));
        assertThat(back.totalBytes()).isEqualTo(129);
    }

    @Test
    void aBlobListedTwiceOrADigestWithTwoSizesIsRefused() {
        var twice = List.of(new BlobEntry(new BlobKey("k"), 10, A), new BlobEntry(new BlobKey("k"), 10, A));
        assertThatThrownBy(() -> manifest(twice)).isInstanceOf(InvalidInputException.class).hasMessageContaining("twice");

        var sizes = List.of(new BlobEntry(new BlobKey("k1"), 10, A), new BlobEntry(new BlobKey("k2"), 11, A));
        assertThatThrownBy(() -> manifest(sizes)).isInstanceOf(InvalidInputException.class).hasMessageContaining("two sizes");
    }

    @Test
    void aNewerFormatIsNamedAsSuch() {
        String json = manifest(List.of()).toJson().replace("\"format\":1", "\"format\":5");

        assertThatThrownBy(() -> BackupManifest.parse(json)).isInstanceOf(InvalidInputException.class).hasMessageContaining("newer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "null", "{\"format\":1}", "{\"format\":\"1\"}", "{\"format\":1.5}",
            "{\"format\":0}"})
    void malformedManifestsAreRefused(String json) {
        assertThatThrownBy(() -> BackupManifest.parse(json)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void hostileBlobKeysAndBadDigestsInsideAManifestAreRefused() {
        String good = manifest(List.of(new BlobEntry(new BlobKey("documents/aa/1"), 10, A))).toJson();
        for (String bad : List.of("../../etc/passwd", "/abs", "a//b", "UPPER")) {
            assertThatThrownBy(() -> BackupManifest.parse(good.replace("documents/aa/1", bad)))
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> BackupManifest.parse(good.replace(A.hex(), "zz"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> BackupManifest.parse(good.replace("\"size\":10", "\"size\":-1")))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aChunkedManifestRoundTripsAndNamesEachDistinctChunkOnce() {
        // 10,000 bytes in chunks of 4096: two full chunks with equal bytes (one object), then the rest
        var snapshot = new SnapshotEntry(10_000, S, "ok", 4096,
                List.of(new ChunkEntry(4096, C1), new ChunkEntry(4096, C1), new ChunkEntry(1808, C2)));
        var m = chunked(snapshot, List.of(new BlobEntry(new BlobKey("documents/aa/1"), 10, A)));

        BackupManifest back = BackupManifest.parse(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(back.formatVersion()).isEqualTo(2);
        assertThat(back.snapshot().parts()).hasSize(3);
        // the whole snapshot's digest is not an object in format 2: its chunks are
        assertThat(back.objects()).containsExactly(Map.entry(C1, 4096L), Map.entry(C2, 1808L), Map.entry(A, 10L));
        assertThat(back.snapshotObjects()).containsOnlyKeys(C1, C2);
        assertThat(back.totalBytes()).isEqualTo(4096 + 1808 + 10);
    }

    @Test
    void chunksThatDoNotTileTheSnapshotAreRefused() {
        var one = new ChunkEntry(4096, C1);
        var last = new ChunkEntry(1808, C2);
        // a chunk listed twice, one missing, one resized, a last chunk too long
        for (List<ChunkEntry> bad : List.of(List.of(one, one, one, last), List.of(one, last), List.of(one, new ChunkEntry(4000, C1), last),
                List.of(one, one, new ChunkEntry(4096, C2)))) {
            assertThatThrownBy(() -> new SnapshotEntry(10_000, S, "ok", 4096, bad)).isInstanceOf(InvalidInputException.class);
        }
        String good = chunked(new SnapshotEntry(10_000, S, "ok", 4096, List.of(one, one, last)), List.of()).toJson();
        String twice = good.replace("{\"size\":1808", "{\"size\":4096,\"sha256\":\"" + C1.hex() + "\"},{\"size\":1808");
        assertThatThrownBy(() -> BackupManifest.parse(twice)).isInstanceOf(InvalidInputException.class).hasMessageContaining("chunks");
        for (int size : new int[] {1000, 4097, 6000, 1 << 30}) {
            assertThatThrownBy(() -> new SnapshotEntry(10_000, S, "ok", size, List.of())).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aChunkAndABlobWithOneDigestAndTwoSizesAreRefusedAndFormatsMustMatchTheirSnapshot() {
        var snapshot = new SnapshotEntry(4096, S, "ok", 4096, List.of(new ChunkEntry(4096, A)));
        assertThatThrownBy(() -> chunked(snapshot, List.of(new BlobEntry(new BlobKey("k"), 10, A))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("two sizes");
        assertThatThrownBy(() -> new BackupManifest(2, ID, "x", Instant.EPOCH, "0.1.0", "10", Map.of(), new SnapshotEntry(99, S, "ok"),
                List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new BackupManifest(1, ID, "x", Instant.EPOCH, "0.1.0", "10", Map.of(), snapshot, List.of()))
                .isInstanceOf(InvalidInputException.class);
        String noChunks = chunked(snapshot, List.of()).toJson().replaceAll(",\"chunks\":\\[[^]]*]", "");
        assertThatThrownBy(() -> BackupManifest.parse(noChunks)).isInstanceOf(InvalidInputException.class).hasMessageContaining("chunks");
    }

    // ---- format 3: chunks in packs ----

    private static final Sha256 P1 = new Sha256("1".repeat(64));
    private static final Sha256 P2 = new Sha256("2".repeat(64));

    /** 10,000 bytes in chunks of 4096: C1 twice (one place), C2 at the end, in two packs. */
    private static SnapshotEntry packedSnapshot() {
        return new SnapshotEntry(10_000, S, "ok", 4096, List.of(new ChunkEntry(4096, C1, 0, 0), new ChunkEntry(4096, C1, 0, 0),
                new ChunkEntry(1808, C2, 1, 100)), List.of(new PackEntry(P1, 4096), new PackEntry(P2, 2000)));
    }

    @Test
    void aChunkDigestWithTwoSizesIsRefusedWhereverTheOtherSizeComesFrom() {
        // a full chunk and the short last one with one digest: as objects (format 2), and at one place in a pack
        assertThatThrownBy(() -> new SnapshotEntry(10_000, S, "ok", 4096, List.of(new ChunkEntry(4096, C1),
                new ChunkEntry(4096, C2), new ChunkEntry(1808, C1)))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("two sizes");
        assertThatThrownBy(() -> new SnapshotEntry(10_000, S, "ok", 4096, List.of(new ChunkEntry(4096, C1, 0, 0),
                new ChunkEntry(4096, C2, 0, 4096), new ChunkEntry(1808, C1, 0, 0)), List.of(new PackEntry(P1, 8192))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("two sizes");
        // a chunk with a pack's digest, or with a blob's, and another size
        var chunkIsAPack = new SnapshotEntry(10_000, S, "ok", 4096, List.of(new ChunkEntry(4096, C1, 0, 0),
                new ChunkEntry(4096, P2, 0, 4096), new ChunkEntry(1808, C2, 1, 0)),
                List.of(new PackEntry(P1, 8192), new PackEntry(P2, 1808)));
        assertThatThrownBy(() -> packed(chunkIsAPack, List.of())).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("two sizes");
        assertThatThrownBy(() -> packed(packedSnapshot(), List.of(new BlobEntry(new BlobKey("k"), 1808, C1))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("two sizes");
        // the same digest with the same size is one object, wherever it is named
        assertThat(packed(packedSnapshot(), List.of(new BlobEntry(new BlobKey("k"), 4096, C1))).objects()).containsKey(C1);
    }

    @Test
    void aPackedManifestRoundTripsAndNamesItsPacksAsTheSnapshotsObjects() {
        var m = packed(packedSnapshot(), List.of(new BlobEntry(new BlobKey("documents/aa/1"), 10, A)));

        BackupManifest back = BackupManifest.parse(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(back.formatVersion()).isEqualTo(3);
        assertThat(back.snapshot().packed()).isTrue();
        assertThat(back.snapshotObjects()).containsExactly(Map.entry(P1, 4096L), Map.entry(P2, 2000L));
        assertThat(back.objects()).containsExactly(Map.entry(P1, 4096L), Map.entry(P2, 2000L), Map.entry(A, 10L));
        // 40 bytes a chunk, base64: far less than a JSON object per chunk
        assertThat(m.toJson()).contains("\"chunks\":\"" + java.util.Base64.getEncoder().encodeToString(records(
                new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 1, 100})) + "\"");
    }

    @Test
    void hostilePlacesInPacksAreRefusedWhenRead() {
        String good = packed(packedSnapshot(), List.of()).toJson();
        String chunks = java.util.Base64.getEncoder().encodeToString(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0},
                new Object[] {C2, 1, 100}));
        assertThat(good).contains(chunks);
        java.util.function.Function<byte[], String> with = r -> good.replace(chunks, java.util.Base64.getEncoder().encodeToString(r));
        List<String> hostile = List.of(
                // past its pack's end, far past it (an offset near 2^32), a pack index out of range or negative
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 1, 1000})),
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 1, -2})),
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 2, 0})),
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, -1, 0})),
                // one digest at two places; two chunks overlapping in one pack
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 1, 0}, new Object[] {C2, 1, 100})),
                good.replace("\"size\":4096}", "\"size\":8192}").replace(chunks, java.util.Base64.getEncoder().encodeToString(
                        records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 0, 4000}))),
                // a record missing, one too many, a cut record, not base64 at all
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C2, 1, 100})),
                with.apply(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 1, 100}, new Object[] {C2, 1, 100})),
                with.apply(java.util.Arrays.copyOf(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0}, new Object[] {C2, 1, 100}), 100)),
                good.replace(chunks, "not base64!"),
                // a huge pack, a pack listed twice, a pack no chunk uses, a snapshot claiming exabytes
                good.replace("\"size\":2000", "\"size\":" + Long.MAX_VALUE),
                good.replace(P2.hex(), P1.hex()),
                good.replace("\"packs\":[", "\"packs\":[{\"sha256\":\"" + B.hex() + "\",\"size\":5},"),
                good.replace("\"size\":10000", "\"size\":" + (Long.MAX_VALUE - 1)));
        for (String bad : hostile) {
            assertThatThrownBy(() -> BackupManifest.parse(bad)).as(bad).isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void formatsAndPackingMustAgree() {
        var unpacked = new SnapshotEntry(4096, S, "ok", 4096, List.of(new ChunkEntry(4096, C1)));
        assertThatThrownBy(() -> packed(unpacked, List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> chunked(packedSnapshot(), List.of())).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SnapshotEntry(4096, S, "ok", 4096, List.of(new ChunkEntry(4096, C1, 0, 0)), List.of()))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new SnapshotEntry(10_000, S, "ok", 4096, List.of(new ChunkEntry(4096, C1, 0, 0),
                new ChunkEntry(4096, C1, 0, 0), new ChunkEntry(1808, C2, 0, 4000)), List.of(new PackEntry(P1, 8192))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("overlap");
    }

    // ---- format 4: named by the chunk list, with a change mark ----

    private static SnapshotEntry listed() {
        SnapshotEntry p = packedSnapshot();
        return SnapshotEntry.ofChunkList(p.size(), "ok", p.chunkSize(), p.chunks(), p.packs());
    }

    private static BackupManifest four(SnapshotEntry snapshot, java.util.Optional<String> mark) {
        return new BackupManifest(4, ID, "nightly", Instant.parse("2024-05-01T02:00:00Z"), "0.1.0", "13",
                Map.of("documents", 1L), snapshot, List.of(new BlobEntry(new BlobKey("documents/aa/1"), 10, A)), mark);
    }

    @Test
    void aFormatFourManifestRoundTripsWithItsChangeMark() {
        var m = four(listed(), java.util.Optional.of("wal:7f3a:1234"));

        BackupManifest back = BackupManifest.parse(m.toJson());

        assertThat(back).isEqualTo(m);
        assertThat(back.changeMark()).contains("wal:7f3a:1234");
        assertThat(back.snapshot().digestOfChunkList()).isTrue();
        assertThat(BackupManifest.parse(four(listed(), java.util.Optional.empty()).toJson()).changeMark()).isEmpty();
    }

    @Test
    void theChunkListDigestIsSha256OfItsDefinition() throws Exception {
        var md = java.security.MessageDigest.getInstance("SHA-256");
        md.update("stowage-snapshot-chunks-v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        md.update(java.nio.ByteBuffer.allocate(12).putLong(10_000).putInt(4096).array());
        md.update(C1.bytes());
        md.update(C1.bytes());
        md.update(C2.bytes());

        assertThat(listed().sha256()).isEqualTo(Sha256.of(md.digest()));
        // another order, size or chunk size is another digest
        assertThat(SnapshotEntry.chunkListDigest(10_000, 4096, List.of(new ChunkEntry(4096, C1), new ChunkEntry(4096, C2),
                new ChunkEntry(1808, C1)))).isNotEqualTo(listed().sha256());
        assertThat(SnapshotEntry.chunkListDigest(10_001, 4096, listed().chunks())).isNotEqualTo(listed().sha256());
    }

    @Test
    void aFormatFourManifestWhoseDigestIsNotItsChunkListsIsRefused() {
        String good = four(listed(), java.util.Optional.empty()).toJson();
        String wrongDigest = good.replace(listed().sha256().hex(), S.hex());
        assertThatThrownBy(() -> BackupManifest.parse(wrongDigest)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk list");
        // a chunk's digest swapped in the records no longer matches the snapshot's digest either
        String chunks = java.util.Base64.getEncoder().encodeToString(records(new Object[] {C1, 0, 0}, new Object[] {C1, 0, 0},
                new Object[] {C2, 1, 100}));
        String swapped = good.replace(chunks, java.util.Base64.getEncoder().encodeToString(records(new Object[] {C1, 0, 0},
                new Object[] {C1, 0, 0}, new Object[] {B, 1, 100})));
        assertThat(swapped).isNotEqualTo(good);
        assertThatThrownBy(() -> BackupManifest.parse(swapped)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("chunk list");
        // a format 3 manifest relabelled 4 (its digest is the whole file's). The other way round parses, as a
        // format 3 manifest naming a file whose SHA-256 would be the list digest: the file's check then refuses it
        assertThatThrownBy(() -> BackupManifest.parse(packed(packedSnapshot(), List.of()).toJson().replace("\"format\":3", "\"format\":4")))
                .isInstanceOf(InvalidInputException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "tab\there", "é", "x"})
    void aChangeMarkIsShortPrintableAscii(String mark) {
        String m = mark.equals("x") ? "x".repeat(201) : mark;
        assertThatThrownBy(() -> four(listed(), java.util.Optional.of(m))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void onlyFormatFourCarriesAChangeMark() {
        assertThatThrownBy(() -> new BackupManifest(3, ID, "nightly", Instant.EPOCH, "0.1.0", "13", Map.of(), packedSnapshot(),
                List.of(), java.util.Optional.of("mark"))).isInstanceOf(InvalidInputException.class);
        // a format 3 manifest with a mark field has it ignored, as any unknown field
        String withMark = packed(packedSnapshot(), List.of()).toJson().replace("\"integrity_check\":", "\"change_mark\":\"m\",\"integrity_check\":");
        assertThat(BackupManifest.parse(withMark).changeMark()).isEmpty();
    }

    /** Format 3 chunk records: digest, pack index, offset. */
    private static byte[] records(Object[]... chunks) {
        var out = java.nio.ByteBuffer.allocate(chunks.length * 40);
        for (Object[] c : chunks) {
            out.put(((Sha256) c[0]).bytes()).putInt((Integer) c[1]).putInt((Integer) c[2]);
        }
        return out.array();
    }

    private static BackupManifest packed(SnapshotEntry snapshot, List<BlobEntry> blobs) {
        return new BackupManifest(3, ID, "nightly", Instant.parse("2024-05-01T02:00:00Z"), "0.1.0", "13",
                Map.of("documents", 1L), snapshot, blobs);
    }

    private static BackupManifest chunked(SnapshotEntry snapshot, List<BlobEntry> blobs) {
        return new BackupManifest(2, ID, "nightly", Instant.parse("2024-05-01T02:00:00Z"), "0.1.0", "13",
                Map.of("documents", 1L), snapshot, blobs);
    }

    private static BackupManifest manifest(List<BlobEntry> blobs) {
        return new BackupManifest(1, ID, "nightly", Instant.parse("2024-05-01T02:00:00.123456789Z"), "0.1.0", "10",
                Map.of("documents", 3L, "jobs", 0L), new SnapshotEntry(99, S, "ok"), blobs);
    }
}
