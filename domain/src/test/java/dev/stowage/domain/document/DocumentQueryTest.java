package dev.stowage.domain.document;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class DocumentQueryTest {

    @Test
    void aFamilyFilterIsAPrefixAndAnExactOneIsNot() {
        DocumentQuery family = query(Optional.of("Image/*"));
        assertThat(family.mimeFamilyPrefix()).contains("image/");
        assertThat(family.exactMimeType()).isEmpty();
        DocumentQuery exact = query(Optional.of("image/png"));
        assertThat(exact.mimeFamilyPrefix()).isEmpty();
        assertThat(exact.exactMimeType()).contains("image/png");
        DocumentQuery none = query(Optional.empty());
        assertThat(none.mimeFamilyPrefix()).isEmpty();
        assertThat(none.exactMimeType()).isEmpty();
    }

    private static DocumentQuery query(Optional<String> mime) {
        return new DocumentQuery(DocumentQuery.Sort.NAME, false, mime, Optional.empty());
    }
}
