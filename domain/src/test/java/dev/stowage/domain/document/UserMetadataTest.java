package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserMetadataTest {

    @Test
    void keepsEntriesSortedAndUnmodifiable() {
        var source = new LinkedHashMap<String, String>();
        source.put("b", "2");
        source.put("a", "1");
        var metadata = new UserMetadata(source);
        assertThat(metadata.entries()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThatThrownBy(() -> metadata.entries().put("c", "3")).isInstanceOf(UnsupportedOperationException.class);
        source.put("c", "3");
        assertThat(metadata.entries()).hasSize(2);
        assertThat(metadata).isEqualTo(new UserMetadata(Map.of("a", "1", "b", "2")));
    }

    @Test
    void allowsEmptyValuesAndPrintableUnicode() {
        assertThat(new UserMetadata(Map.of("empty", "", "x", "caf\u00e9 \ud83d\ude00")).entries()).hasSize(2);
        assertThat(UserMetadata.EMPTY.entries()).isEmpty();
    }

    @Test
    void allowsUpToThirtyTwoEntries() {
        assertThat(new UserMetadata(entries(UserMetadata.MAX_ENTRIES, 1)).entries()).hasSize(32);
        assertThatThrownBy(() -> new UserMetadata(entries(UserMetadata.MAX_ENTRIES + 1, 1)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("at most 32 entries");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-key", ".key", "a b", "a/b", "k\u00e9y", "a:b"})
    void rejectsBadKeys(String key) {
        assertThatThrownBy(() -> new UserMetadata(Map.of(key, "v"))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsKeyAndValueLength() {
        assertThat(new UserMetadata(Map.of("k".repeat(64), "v".repeat(1024))).entries()).hasSize(1);
        assertThatThrownBy(() -> new UserMetadata(Map.of("k".repeat(65), "v"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new UserMetadata(Map.of("k", "v".repeat(1025))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("1024");
    }

    @Test
    void limitsTotalSize() {
        // 8 entries of a 2-char key and 1022-char value fill 8192 exactly; one more char is too many.
        var atLimit = new HashMap<String, String>();
        for (int i = 0; i < 8; i++) {
            atLimit.put("k" + i, "v".repeat(1022));
        }
        assertThat(new UserMetadata(atLimit).entries()).hasSize(8);
        atLimit.put("x", "");
        assertThatThrownBy(() -> new UserMetadata(atLimit))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("8192");
    }

    @Test
    void rejectsControlCharactersAndNulls() {
        assertThatThrownBy(() -> new UserMetadata(Map.of("k", "a\nb"))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new UserMetadata(Map.of("k", "\u0000"))).isInstanceOf(InvalidInputException.class);
        var nullValue = new HashMap<String, String>();
        nullValue.put("k", null);
        assertThatThrownBy(() -> new UserMetadata(nullValue)).isInstanceOf(InvalidInputException.class);
        var nullKey = new HashMap<String, String>();
        nullKey.put(null, "v");
        assertThatThrownBy(() -> new UserMetadata(nullKey)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new UserMetadata(null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void theStoredJsonReadsBackAsTheSameMetadata() {
        UserMetadata m = new UserMetadata(Map.of("b", "2 \"quoted\" \u00e9", "a", "", "c.d", "<script>"));
        assertThat(m.json()).startsWith("{\"a\":");
        assertThat(UserMetadata.ofStoredJson(m.json(), "doc")).isEqualTo(m);
        assertThat(UserMetadata.ofStoredJson("{}", "doc")).isEqualTo(UserMetadata.EMPTY);
    }

    @Test
    void storedJsonWithAValueThatIsNotAStringIsCorruptionNamingItsOwner() {
        assertThatThrownBy(() -> UserMetadata.ofStoredJson("{\"k\":1}", "01HZZZZZZZZZZZZZZZZZZZZZZZ"))
                .isInstanceOf(StorageCorruptException.class)
                .hasMessage("metadata of '01HZZZZZZZZZZZZZZZZZZZZZZZ' holds a value that is not a string");
        assertThatThrownBy(() -> UserMetadata.ofStoredJson("{\"k\":null}", "u")).isInstanceOf(StorageCorruptException.class);
    }

    private static Map<String, String> entries(int count, int valueLength) {
        var map = new HashMap<String, String>();
        for (int i = 0; i < count; i++) {
            map.put("key" + i, "v".repeat(valueLength));
        }
        return map;
    }
}
