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
        String json = manifest(List.of()).toJson().replace("\"format\":1", "\"format\":2");

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

    private static BackupManifest manifest(List<BlobEntry> blobs) {
        return new BackupManifest(1, ID, "nightly", Instant.parse("2024-05-01T02:00:00.123456789Z"), "0.1.0", "10",
                Map.of("documents", 3L, "jobs", 0L), new SnapshotEntry(99, S, "ok"), blobs);
    }
}
