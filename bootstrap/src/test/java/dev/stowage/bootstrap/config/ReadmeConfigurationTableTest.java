package dev.stowage.bootstrap.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's configuration table is the operator's reference: it must list exactly the keys there are. */
class ReadmeConfigurationTableTest {
    /** {@code | `stowage.http.port` | `8080` | 0–65535 | `STOWAGE_HTTP_PORT` |}. */
    private static final Pattern ROW = Pattern.compile("^\\| `(stowage\\.[a-z0-9.-]+)` \\|.*\\| `([A-Z0-9_]+)` \\|$");

    @Test
    void theTableListsEveryKeyOfReferenceConfOnceAndNoOtherWithItsEnvironmentVariable() throws IOException {
        List<String> keys = new ArrayList<>();
        for (String line : configurationSection()) {
            Matcher row = ROW.matcher(line);
            if (line.startsWith("| `stowage.")) {
                assertThat(row.matches()).as("a row of key, default, allowed and variable: " + line).isTrue();
                keys.add(row.group(1));
                assertThat(row.group(2)).as(row.group(1)).isEqualTo(ConfigLoader.environmentVariableFor(row.group(1)));
            }
        }
        assertThat(keys).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ConfigLoader.knownKeys());
    }

    /** The lines from "## Configuration" to the next section of the same level. */
    private static List<String> configurationSection() throws IOException {
        List<String> lines = Files.readAllLines(readme());
        int start = lines.indexOf("## Configuration");
        assertThat(start).as("README.md has a Configuration section").isNotNegative();
        int end = start + 1;
        while (end < lines.size() && !lines.get(end).startsWith("## ")) {
            end++;
        }
        return lines.subList(start, end);
    }

    /** The repository's README: tests run in the module's folder, one below it. */
    private static Path readme() {
        Path here = Path.of("README.md");
        return Files.exists(here.resolveSibling("bootstrap")) ? here : Path.of("..", "README.md");
    }
}
