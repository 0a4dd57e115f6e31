package dev.stowage.domain.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestEntryTest {
    private static final Sha256 SHA = new Sha256("a".repeat(64));

    @ParameterizedTest
    @ValueSource(strings = {"stowage.db", "blobs/ab/cdef", "manifest.json", "a/b/c/d", "..hidden", "a..b/c", "x/...",
            "caf\u00e9/r\u00e9sum\u00e9.txt"})
    void acceptsRelativePaths(String path) {
        assertThat(new ManifestEntry(path, 0, SHA).path()).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "/", "../evil", "a/../../evil", "a/..", "..", ".", "./a", "a/./b",
            "a//b", "a/", "a\\..\\b", "..\\evil", "a\\b", "a\u0000b", "a\nb"})
    void rejectsPathsThatCouldLeaveTheArchive(String path) {
        assertThatThrownBy(() -> new ManifestEntry(path, 0, SHA)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNullPathNegativeSizeAndOverlongPath() {
        assertThatThrownBy(() -> new ManifestEntry(null, 0, SHA)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new ManifestEntry("a", -1, SHA)).isInstanceOf(InvalidInputException.class);
        assertThat(new ManifestEntry("p".repeat(1024), 0, SHA).path()).hasSize(1024);
        assertThatThrownBy(() -> new ManifestEntry("p".repeat(1025), 0, SHA)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aManifestRejectsDuplicatePathsAndSumsSizes() {
        var created = Instant.parse("2024-05-01T10:00:00Z");
        var manifest = new BackupManifest(BackupManifest.CURRENT_FORMAT, "0.1.0", "3", created, Map.of("documents", 2L),
                List.of(new ManifestEntry("a", 10, SHA), new ManifestEntry("b", 32, SHA)));
        assertThat(manifest.totalBytes()).isEqualTo(42);
        assertThatThrownBy(() -> new BackupManifest(1, "0.1.0", "3", created, Map.of(),
                List.of(new ManifestEntry("a", 1, SHA), new ManifestEntry("a", 1, SHA))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("appears twice");
    }
}
