package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.common.Json;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/** Runs commands in-process against a data folder of the test's own. */
abstract class CliDataTest {

    @TempDir
    Path dir;

    Path dataDir() {
        return dir.resolve("data");
    }

    /** Runs {@code args} with {@code --data-dir} pointing at this test's folder. */
    CliRun run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir().toString();
        return CliRun.of(all);
    }

    /** Runs and expects exit 0. */
    CliRun ok(String... args) {
        CliRun r = run(args);
        assertThat(r.exitCode()).as(r.transcript()).isZero();
        return r;
    }

    /** Runs and expects exit 1 with exactly one line on stderr, naming no exception class. */
    CliRun fails(String... args) {
        CliRun r = run(args);
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.err().lines()).as(r.transcript()).hasSize(1).first().asString().startsWith("stowage: ");
        assertThat(r.err()).doesNotContain("Exception", "\tat ");
        return r;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> jsonObject(String text) {
        return (Map<String, Object>) Json.parse(text.strip());
    }
}
