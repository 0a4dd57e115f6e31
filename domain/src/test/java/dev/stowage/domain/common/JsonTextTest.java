package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}", "[]", "0", "-0", "12", "-12.5", "1e10", "1E-3", "2.5e+7", "\"\"", "\"text\"", "true", "false", "null",
            " \t\r\n{ \"a\" : [1, 2.0, -3e2, true, false, null, {\"b\": {}}] } \n",
            "{\"esc\": \"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}",
            "\"\\u00e9\\u20AC\\ud83d\\ude00\"",
            "\"caf\u00e9 \u20ac \ud83d\ude00\"",
            "{\"a\":{\"a\":{\"a\":[[[[]]]]}}}",
            "[\"\u007f\"]"
    })
    void acceptsWellFormedJson(String json) {
        assertThat(new JsonText(json).json()).isEqualTo(json);
        assertThat(JsonText.of(json).json()).isEqualTo(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "{", "}", "[", "[1,]", "[,1]", "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "{'a':1}", "{\"a\":}",
            "{1:2}", "01", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "NaN", "Infinity", "tru", "nul", "True",
            "\"unterminated", "\"bad escape \\x\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\", "[1 2]",
            "{} {}", "{}x", "[1]]", "null null", "\"a\"\"b\"",
            "\"tab\tinside\"", "\"newline\ninside\"", "\"nul\u0000inside\"", "\"\u001f\"", "\u0000", "[1]\u0000",
            "\u00a0{}", "\ufeff{}"
    })
    void rejectsMalformedJson(String json) {
        assertThatThrownBy(() -> new JsonText(json))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("malformed JSON at offset ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\\u\uff10\uff10\uff14\uff11\"", "\"\\u\u0661\u0662\u0663\u0664\"", "\"\\u00\uff21\uff21\""})
    void rejectsNonAsciiHexDigitsInUnicodeEscapes(String json) {
        assertThatThrownBy(() -> new JsonText(json)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void acceptsNestingUpToTheLimitAndRejectsDeeper() {
        assertThat(new JsonText("[".repeat(128) + "]".repeat(128)).json()).startsWith("[[");
        assertThatThrownBy(() -> new JsonText("[".repeat(129) + "]".repeat(129)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested deeper than 128");
        String deepObjects = "{\"a\":".repeat(200) + "1" + "}".repeat(200);
        assertThatThrownBy(() -> new JsonText(deepObjects)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aVeryDeepDocumentFailsCleanlyNotWithAStackOverflow() {
        assertThatThrownBy(() -> new JsonText("[".repeat(100_000)))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> new JsonText(null)).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonText.of(null, 10, "payload"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("payload is required");
    }

    @Test
    void enforcesTheSizeLimitAndNamesTheField() {
        assertThat(JsonText.of("[1,2]", 5, "payload").json()).isEqualTo("[1,2]");
        assertThatThrownBy(() -> JsonText.of("[1,2,3]", 5, "payload"))
                .isInstanceOf(TooLargeException.class)
                .hasMessageContaining("payload");
        assertThatThrownBy(() -> JsonText.of("[1,", 100, "payload"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("payload: malformed JSON");
    }

    @Test
    void knowsWhetherTheValueIsAnObject() {
        assertThat(JsonText.emptyObject().isObject()).isTrue();
        assertThat(new JsonText(" \n{\"a\":1}").isObject()).isTrue();
        assertThat(new JsonText("[{}]").isObject()).isFalse();
        assertThat(new JsonText("\"{}\"").isObject()).isFalse();
        assertThat(new JsonText("1").isObject()).isFalse();
    }

    @Test
    void printsAsItsText() {
        assertThat(new JsonText("[1, 2]")).hasToString("[1, 2]");
    }

    @Test
    void aLoneSurrogateEscapedOrRawIsNotText() {
        for (String json : new String[] {"\"\\ud800\"", "{\"x\":\"a\\udfffb\"}", "{\"\\ud800\":1}", "[\"\ud800\"]"}) {
            assertThatThrownBy(() -> JsonText.of(json)).as(json).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("lone surrogate");
        }
        assertThat(JsonText.of("\"\\ud83d\\ude00 \ud83d\ude00\"").json()).isEqualTo("\"\\ud83d\\ude00 \ud83d\ude00\"");
    }
}
