package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code stowage program ...}: help and bad usage, refused before any data folder is opened. */
class ProgramCliUsageTest {
    @TempDir
    Path dir;

    @Test
    void everyProgramCommandHasHelp() {
        assertThat(CliRun.of("program").out()).contains("ls", "show", "create", "update", "activate", "deactivate", "rm",
                "revisions", "diff", "restore", "image");
        assertThat(CliRun.of("program", "image").out()).contains("put", "get", "thumbnail");
        for (String[] command : new String[][] {{"program", "ls"}, {"program", "show"}, {"program", "create"},
            {"program", "update"}, {"program", "activate"}, {"program", "deactivate"}, {"program", "rm"},
            {"program", "revisions"}, {"program", "diff"}, {"program", "restore"}, {"program", "image", "put"},
            {"program", "image", "get"}, {"program", "image", "thumbnail"}}) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(r.transcript()).isZero();
            assertThat(r.out()).contains("Usage: stowage " + String.join(" ", command), "--data-dir", "--config");
        }
        assertThat(CliRun.of("program", "create", "--help").out()).contains("--actor", "--config-json", "--config-file");
        assertThat(CliRun.of("program", "image", "put", "--help").out()).contains("--expect-version", "--quiet");
    }

    @Test
    void badUsageIsExitCode2AndOpensNothing() {
        String data = dir.resolve("data").toString();
        assertUsage(CliRun.of("program", "update", "scan", "--data-dir", data), "nothing to change");
        assertUsage(CliRun.of("program", "create", "scan", "--config-json", "{oops", "--data-dir", data), "--config-json:");
        assertUsage(CliRun.of("program", "create", "scan", "--config-json", "{}", "--config-file", "c.json",
                "--data-dir", data), "mutually exclusive");
        assertUsage(CliRun.of("program", "diff", "scan", "one", "2", "--data-dir", data), "FROM");
        assertUsage(CliRun.of("program", "ls", "--limit", "0", "--data-dir", data), "--limit must be between 1 and 1000");
        assertUsage(CliRun.of("program", "image", "get", "scan", "--data-dir", data), "Missing required option");
        assertUsage(CliRun.of("program", "image", "thumbnail", "scan", "-o", "", "--data-dir", data), "-o needs a file name");
        assertUsage(CliRun.of("program", "restore", "scan", "--data-dir", data), "VERSION");
        assertUsage(CliRun.of("program", "create", "scan", "--actor", "no spaces", "--data-dir", data), "user id");
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    private static void assertUsage(CliRun r, String expected) {
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.transcript()).hasSize(1);
        assertThat(r.err()).contains(expected).doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }
}
