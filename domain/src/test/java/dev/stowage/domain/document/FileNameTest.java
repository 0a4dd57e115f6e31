package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"report.pdf", "Q3 report (final).xlsx", ".hidden", "...", "a..b", "r\u00e9sum\u00e9.txt",
            "\u6587\u4ef6.png", "\ud83d\ude00.gif"})
    void acceptsPrintableNames(String value) {
        assertThat(new FileName(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".", "..", "a/b", "/etc/passwd", "..\\x", "a\\b", "a\u0000b", "a\nb", "a\rb"})
    void rejectsPathsAndControlCharacters(String value) {
        assertThatThrownBy(() -> new FileName(value)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void limitsLengthTo255() {
        assertThat(new FileName("f".repeat(255)).value()).hasSize(255);
        assertThatThrownBy(() -> new FileName("f".repeat(256))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new FileName(null)).isInstanceOf(InvalidInputException.class);
    }
}
