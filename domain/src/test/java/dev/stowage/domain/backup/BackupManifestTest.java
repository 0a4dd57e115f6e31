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
        String json = manifest(List.of()).toJson().replace("\"format\":1", "\"format\":3");

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

    private static BackupManifest chunked(SnapshotEntry snapshot, List<BlobEntry> blobs) {
        return new BackupManifest(2, ID, "nightly", Instant.parse("2024-05-01T02:00:00Z"), "0.1.0", "13",
                Map.of("documents", 1L), snapshot, blobs);
    }

    private static BackupManifest manifest(List<BlobEntry> blobs) {
        return new BackupManifest(1, ID, "nightly", Instant.parse("2024-05-01T02:00:00.123456789Z"), "0.1.0", "10",
                Map.of("documents", 3L, "jobs", 0L), new SnapshotEntry(99, S, "ok"), blobs);
    }
}
