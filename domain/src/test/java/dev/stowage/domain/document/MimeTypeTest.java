package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MimeTypeTest {

    @ParameterizedTest
    @ValueSource(strings = {"image/png", "application/octet-stream", "application/vnd.ms-excel",
            "application/ld+json", "text/x-c", "audio/3gpp", "application/x.foo_bar", "a/b"})
    void acceptsTypeSlashSubtype(String value) {
        assertThat(new MimeType(value).value()).isEqualTo(value);
    }

    @Test
    void keepsLowerCase() {
        assertThat(new MimeType("Image/PNG").value()).isEqualTo("image/png");
        assertThat(new MimeType("TEXT/Plain")).isEqualTo(new MimeType("text/plain"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "image", "image/", "/png", "image//png", "image/png/x", "text/plain; charset=utf-8",
            "text/ plain", " text/plain", "text/plain ", "image/*", "*/*", "-x/y", "x/.y", "t\u00e9xt/plain",
            "text/pla\u0000in", "text/\u0661"})
    void rejectsAnythingElse(String value) {
        assertThatThrownBy(() -> new MimeType(value))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void rejectsNullAndOverlongNames() {
        assertThatThrownBy(() -> new MimeType(null)).isInstanceOf(InvalidInputException.class);
        assertThat(new MimeType("a".repeat(127) + "/" + "b".repeat(127)).value()).hasSize(255);
        assertThatThrownBy(() -> new MimeType("a".repeat(128) + "/b")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new MimeType("a/" + "b".repeat(128))).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void knowsItsTopLevelType() {
        assertThat(new MimeType("image/svg+xml").type()).isEqualTo("image");
        assertThat(MimeType.OCTET_STREAM.type()).isEqualTo("application");
    }
}
