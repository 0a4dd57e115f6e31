package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChecksTest {

    @Test
    void presentRejectsNullAndNamesTheField() {
        assertThat(Checks.present("x", "label")).isEqualTo("x");
        assertThatThrownBy(() -> Checks.present(null, "label"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("label is required");
    }

    @Test
    void textAcceptsPrintableTextUpToTheLimit() {
        assertThat(Checks.text("caf\u00e9 \ud83d\ude00", "title", 10)).isEqualTo("caf\u00e9 \ud83d\ude00");
        assertThat(Checks.text("a".repeat(10), "title", 10)).hasSize(10);
    }

    @Test
    void textRejectsNullEmptyTooLongAndControlCharacters() {
        assertThatThrownBy(() -> Checks.text(null, "title", 10)).hasMessage("title is required");
        assertThatThrownBy(() -> Checks.text("", "title", 10)).hasMessage("title must not be empty");
        assertThatThrownBy(() -> Checks.text("a".repeat(11), "title", 10))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("title must be at most 10 characters, got 11");
        for (String bad : new String[] {"a\u0000b", "a\nb", "a\tb", "\u007f", "a\u0085"}) {
            assertThatThrownBy(() -> Checks.text(bad, "title", 10))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessage("title must not contain control characters");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z", "7", "queue-1", "a.b_c-d", "0..9"})
    void tokenAcceptsIdentifierLikeValues(String value) {
        assertThat(Checks.token(value, "queue", 64)).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-a", ".a", "_a", "a b", "a/b", "a\\b", "\u00e9", "a\u0000", "a:b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void tokenRejectsEverythingElse(String value) {
        assertThatThrownBy(() -> Checks.token(value, "queue", 64))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("queue");
    }

    @Test
    void tokenErrorEchoesThePrintableValue() {
        assertThatThrownBy(() -> Checks.token("bad\nname", "queue", 64))
                .hasMessageStartingWith("queue 'bad?name' may use only");
    }

    @Test
    void rangeIsInclusive() {
        assertThat(Checks.range(1, 1, 3, "n")).isEqualTo(1);
        assertThat(Checks.range(3, 1, 3, "n")).isEqualTo(3);
        assertThat(Checks.range(5L, 5L, 5L, "n")).isEqualTo(5L);
        assertThatThrownBy(() -> Checks.range(0, 1, 3, "limit"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("limit must be between 1 and 3, got 0");
        assertThatThrownBy(() -> Checks.range(4L, 1L, 3L, "limit")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void printableReplacesControlCharactersAndShortens() {
        assertThat(Checks.printable(null)).isEqualTo("null");
        assertThat(Checks.printable("a\u0000b\nc")).isEqualTo("a?b?c");
        assertThat(Checks.printable("x".repeat(80))).isEqualTo("x".repeat(80));
        assertThat(Checks.printable("x".repeat(81))).isEqualTo("x".repeat(80) + "...");
        assertThat(Checks.printable("y".repeat(10_000))).hasSize(83);
    }

    @org.junit.jupiter.api.Test
    void loneSurrogatesAreNotText() {
        org.assertj.core.api.Assertions.assertThat(Checks.text("a\uD83D\uDE00b", "name", 10)).isEqualTo("a\uD83D\uDE00b");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checks.text("a\uD800b", "name", 10))
                .isInstanceOf(dev.stowage.domain.error.InvalidInputException.class).hasMessageContaining("surrogate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checks.text("a\uDC00", "name", 10))
                .isInstanceOf(dev.stowage.domain.error.InvalidInputException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Checks.text("\uD800", "name", 10))
                .isInstanceOf(dev.stowage.domain.error.InvalidInputException.class);
    }

    @org.junit.jupiter.api.Test
    void mimeFiltersAreCanonicalAndChecked() {
        var q = new dev.stowage.domain.document.DocumentQuery(dev.stowage.domain.document.DocumentQuery.Sort.CREATED, true,
                java.util.Optional.of("IMAGE/PNG"), java.util.Optional.empty());
        org.assertj.core.api.Assertions.assertThat(q.mimeType()).contains("image/png");
        var family = new dev.stowage.domain.document.DocumentQuery(dev.stowage.domain.document.DocumentQuery.Sort.CREATED, true,
                java.util.Optional.of("Image/*"), java.util.Optional.empty());
        org.assertj.core.api.Assertions.assertThat(family.mimeType()).contains("image/*");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new dev.stowage.domain.document.DocumentQuery(
                dev.stowage.domain.document.DocumentQuery.Sort.CREATED, true, java.util.Optional.of("nonsense"),
                java.util.Optional.empty())).isInstanceOf(dev.stowage.domain.error.InvalidInputException.class);
    }

    @Test
    void namesAreOneRuleForQueuesAndTemplates() {
        for (String ok : new String[] {"renders", "Quick Preview", "scan-2.1", "a_b", "Aperçu rapide", "7"}) {
            assertThat(Checks.name(ok, "name", 64)).isEqualTo(ok);
        }
        for (String bad : new String[] {"../x", "..", ".hidden", "a/b", "a\\b", "<b>", "a\"b", " lead", "trail ", "a\u0000b",
                "-x", "\ud800", ""}) {
            assertThatThrownBy(() -> Checks.name(bad, "queue name", 64)).as(bad).isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> Checks.name("../x", "template name", 128))
                .hasMessage("template name '../x' may use only " + Checks.NAME_RULE);
        assertThatThrownBy(() -> Checks.name("x".repeat(65), "queue name", 64)).hasMessageContaining("1 to 64");
    }

    @Test
    void instantsAndDurationsAreBoundedWithTheBoundsInTheMessage() {
        assertThat(Checks.instant(Checks.EARLIEST_INSTANT, "t")).isEqualTo(Checks.EARLIEST_INSTANT);
        assertThatThrownBy(() -> Checks.instant(java.time.Instant.parse("-999999999-01-01T00:00:00Z"), "createdFrom"))
                .hasMessageStartingWith("createdFrom must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        assertThatThrownBy(() -> Checks.range(java.time.Duration.ofDays(4000), java.time.Duration.ZERO,
                java.time.Duration.ofDays(3650), "window")).hasMessage("window must be between PT0S and PT87600H, got PT96000H");
    }

    @Test
    void loneSurrogatesAreFound() {
        assertThat(Checks.hasLoneSurrogate("caf\u00e9 \ud83d\ude00")).isFalse();
        assertThat(Checks.hasLoneSurrogate("\ud800")).isTrue();
        assertThat(Checks.hasLoneSurrogate("x\ude00")).isTrue();
        assertThat(Checks.hasLoneSurrogate("\ude00\ud83d")).isTrue();
    }
}
