package com.example.invoices;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README's "Embedding" section shows the example's code, all of it, so that what a reader copies
 * is what the build runs: this fails when either changes without the other.
 */
class ReadmeEmbeddingTest {
    private static final String SECTION = "\n## Embedding\n";
    private static final String OPEN = "```java\n";
    private static final String CLOSE = "\n```\n";

    @Test
    void theEmbeddingSectionsCodeIsTheExampleApplicationsSource() throws Exception {
        String readme = Files.readString(Path.of(System.getProperty("stowage.readme")));
        String source = Files.readString(Path.of(System.getProperty("stowage.example.source")));

        int section = readme.indexOf(SECTION);
        assertThat(section).as("the README has a section '## Embedding'").isNotNegative();
        int nextSection = readme.indexOf("\n## ", section + SECTION.length());
        int open = readme.indexOf(OPEN, section);
        assertThat(open).as("a ```java block in the Embedding section").isNotNegative()
                .isLessThan(nextSection < 0 ? readme.length() : nextSection);
        int close = readme.indexOf(CLOSE, open + OPEN.length() - 1);
        assertThat(close).as("the end of that block").isNotNegative();

        assertThat(readme.substring(open + OPEN.length(), close + 1))
                .as("the README's embedding code, against " + System.getProperty("stowage.example.source"))
                .isEqualTo(source);
    }
}
