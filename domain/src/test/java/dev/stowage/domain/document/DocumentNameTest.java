package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DocumentNameTest {

    @ParameterizedTest
    @ValueSource(strings = {"report_q3", "Q3 report", "a/b/../c", "..", "r\u00e9sum\u00e9", "\ud83d\ude00", "x"})
    void acceptsPrintableNamesEvenWithSlashesBecauseTheyNeverBecomePaths(String value) {
        assertThat(new DocumentName(value).value()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", " lead", "trail ", "\u2003em", "tab\tinside", "nl\n", "nul\u0000"})
    void rejectsBlankPaddedOrControlCharacters(String value) {
        assertThatThrownBy(() -> new DocumentName(value))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("document name");
    }

    @Test
    void limitsLength() {
        assertThat(new DocumentName("n".repeat(DocumentName.MAX_LENGTH)).value()).hasSize(255);
        assertThatThrownBy(() -> new DocumentName("n".repeat(DocumentName.MAX_LENGTH + 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new DocumentName(null)).isInstanceOf(InvalidInputException.class);
    }
}
