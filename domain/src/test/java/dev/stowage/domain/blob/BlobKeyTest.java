package dev.stowage.domain.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlobKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "docs/ab/cdef0123", "backups/2024-05-01/manifest.json", "a.b", "..a", "a..", "...",
            "_", "-", "x/y/z/0/1/2"})
    void acceptsSafeRelativeKeys(String value) {
        assertThat(new BlobKey(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "../x", "x/..", "a/../b", "a/./b", "./a", "/abs", "/", "a/", "a//b",
            "Docs/a", "docs/A", "a\\b", "..\\x", "a\u0000b", "a b", "a:b", "caf\u00e9", "a?b", "a%2fb"})
    void rejectsUnsafeKeys(String value) {
        assertThatThrownBy(() -> new BlobKey(value)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new BlobKey(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsSegmentAndKeyLength() {
        assertThat(new BlobKey("s".repeat(128)).value()).hasSize(128);
        assertThatThrownBy(() -> new BlobKey("s".repeat(129))).isInstanceOf(InvalidInputException.class);

        String longest = String.join("/", "a".repeat(127), "b".repeat(127), "c".repeat(127), "d".repeat(128));
        assertThat(longest).hasSize(BlobKey.MAX_LENGTH);
        assertThat(new BlobKey(longest).value()).isEqualTo(longest);
        assertThatThrownBy(() -> new BlobKey(longest + "e")).isInstanceOf(InvalidInputException.class);

        List<String> segments = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            segments.add("x".repeat(99));
        }
        String twoThousand = String.join("/", segments);
        assertThat(twoThousand).hasSize(1999);
        assertThatThrownBy(() -> new BlobKey(twoThousand + "x")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void errorMessagesDoNotEchoControlCharacters() {
        assertThatThrownBy(() -> new BlobKey("a//\u0007"))
                .hasMessageNotContaining("\u0007");
    }

    @Test
    void resolvesChildrenAndValidatesThem() {
        assertThat(new BlobKey("docs").resolve("ab/cd")).isEqualTo(new BlobKey("docs/ab/cd"));
        assertThatThrownBy(() -> new BlobKey("docs").resolve("..")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new BlobKey("docs").resolve("")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void ordersByValue() {
        assertThat(new BlobKey("a/b")).isLessThan(new BlobKey("a/c")).isGreaterThan(new BlobKey("a"));
        assertThat(new BlobKey("k")).hasToString("k");
    }
}
