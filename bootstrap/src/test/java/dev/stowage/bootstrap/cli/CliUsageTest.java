package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Help and bad usage of the data commands: decided while parsing, before any data is opened. */
class CliUsageTest {

    @TempDir
    Path dir;

    @Test
    void everyCommandHasHelpWithTheDataOptions() {
        String[][] commands = {
            {"queue", "enqueue"}, {"queue", "list"}, {"queue", "show"}, {"queue", "stats"}, {"queue", "cancel"},
            {"queue", "retry"}, {"queue", "pause"}, {"queue", "resume"}, {"queue", "purge"}, {"queue", "settings"},
            {"import", "queue-state"}, {"import", "template"},
            {"doc", "put"}, {"doc", "get"}, {"doc", "ls"}, {"doc", "rm"}, {"doc", "usage"},
            {"fsck"}, {"token", "create"}, {"token", "list"}, {"token", "revoke"}};
        for (String[] command : commands) {
            String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            CliRun r = CliRun.of(args);
            assertThat(r.exitCode()).as(r.transcript()).isZero();
            assertThat(r.out()).contains("Usage: stowage " + String.join(" ", command), "--data-dir", "--config", "--verbose");
        }
        assertThat(CliRun.of("--help").out()).contains("queue", "import", "doc", "fsck", "token");
        assertThat(CliRun.of("queue").out()).contains("enqueue", "list", "show", "stats", "cancel", "retry", "pause",
                "resume", "purge", "settings");
    }

    @Test
    void helpStatesExitCodesAndTheOperatorNature() {
        assertThat(help("import", "queue-state")).contains("1 some entries or settings had problems",
                "file as a whole is unreadable", "With --json the report is printed in every case");
        assertThat(help("import", "template")).contains("1 some entries or settings had problems");
        assertThat(help("fsck")).contains("0 nothing found, or everything found was repaired; 1 findings remain");
        for (String doc : new String[] {"put", "get", "ls", "rm", "usage"}) {
            assertThat(help("doc", doc)).contains("act as the owner named by --owner, with no token", "operator tools");
        }
        assertThat(help("token", "create")).contains("The secret is shown this once");
    }

    @Test
    void malformedValuesAreBadUsageNamingTheRule() {
        assertUsage(CliRun.of("queue", "purge", "--older-than", "soon"),
                "stowage: Invalid value for option '--older-than': 'soon' is not a duration (use 30s, 5m, 2h, 7d or "
                        + "ISO-8601 such as PT1H) (see 'stowage queue purge --help')");
        assertUsage(CliRun.of("queue", "pause", "../x"), "queue name '../x' may use only letters");
        assertUsage(CliRun.of("queue", "list", "--state", "pending,lost"), "'lost' is not one of [pending, running, completed, failed, cancelled]");
        assertUsage(CliRun.of("queue", "show", "job_001"), "job id");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--run-at", "tomorrow"), "not an ISO-8601 instant");
        assertUsage(CliRun.of("doc", "ls", "--owner", "ana", "--sort", "colour"), "'colour' is not one of [created, name, size]");
        assertUsage(CliRun.of("doc", "put", "f.txt", "--owner", "ana", "--sha256", "abc"), "sha256 must be 64 hex characters");
    }

    @Test
    void timesAndDurationsPastTheirBoundsAreBadUsageNotAnOverflow() {
        String data = dir.resolve("data").toString();
        assertUsage(CliRun.of("queue", "purge", "--older-than", "P9999999999999D", "--data-dir", data),
                "Invalid value for option '--older-than': 'P9999999999999D' is longer than 3650d");
        assertUsage(CliRun.of("queue", "stats", "--window", "P99999999999D", "--data-dir", data),
                "Invalid value for option '--window': 'P99999999999D' is longer than 3650d (ten years); a duration here must be from 0 to 3650d");
        assertUsage(CliRun.of("queue", "list", "--since", "999999999999d", "--data-dir", data),
                "Invalid value for option '--since': '999999999999d' is longer than 3650d");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--delay", "PT99999999999999H", "--data-dir", data),
                "Invalid value for option '--delay'");
        assertUsage(CliRun.of("queue", "settings", "q", "--lease", "P3651D", "--data-dir", data),
                "Invalid value for option '--lease'");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--run-at", "-999999999-01-01T00:00:00Z", "--data-dir", data),
                "Invalid value for option '--run-at': '-999999999-01-01T00:00:00Z' must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--run-at", "+10000-01-01T00:00:00Z", "--data-dir", data),
                "must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        for (String[] args : new String[][] {{"queue", "list", "--limit", "99999999999"}, {"queue", "enqueue", "q", "t",
                "--priority", "99999999999"}, {"queue", "settings", "q", "--max-concurrency", "-99999999999"}}) {
            String[] withData = java.util.Arrays.copyOf(args, args.length + 2);
            withData[args.length] = "--data-dir";
            withData[args.length + 1] = data;
            CliRun r = CliRun.of(withData);
            assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
            assertThat(r.err()).as(r.transcript()).contains("Invalid value for option").doesNotContain("overflow", "Exception");
        }
        assertThat(Files.exists(dir.resolve("data"))).as("nothing was opened").isFalse();
    }

    @Test
    void missingAndConflictingOptionsAreBadUsage() {
        String data = dir.resolve("data").toString();
        assertUsage(CliRun.of("doc", "ls", "--data-dir", data), "Missing required option: '--owner=USER'");
        assertUsage(CliRun.of("queue", "purge", "--data-dir", data), "Missing required option: '--older-than=DURATION'");
        assertUsage(CliRun.of("doc", "get", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--owner", "ana", "--data-dir", data),
                "Missing required option: '--output=FILE'");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--payload", "{}", "--payload-file", "p.json", "--data-dir", data),
                "stowage: --payload and --payload-file are mutually exclusive (see 'stowage queue enqueue --help')");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--delay", "5m", "--run-at", "2030-01-01T00:00:00Z", "--data-dir", data),
                "--delay and --run-at are mutually exclusive");
        assertUsage(CliRun.of("queue", "enqueue", "q", "t", "--payload", "{oops", "--data-dir", data), "--payload:");
        assertUsage(CliRun.of("queue", "list", "--limit", "0", "--data-dir", data), "--limit must be between 1 and 1000, got 0");
        assertUsage(CliRun.of("queue", "stats", "--window", "0s", "--data-dir", data), "--window must be longer than 0");
        // Usage is checked before anything is opened, so no data folder was made.
        assertThat(Files.exists(dir.resolve("data"))).isFalse();
    }

    /** The help text with its line wrapping undone. */
    private static String help(String... command) {
        String[] args = java.util.Arrays.copyOf(command, command.length + 1);
        args[command.length] = "--help";
        return CliRun.of(args).out().replaceAll("\\s+", " ");
    }

    private static void assertUsage(CliRun r, String expected) {
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
        assertThat(r.err().lines()).as(r.transcript()).hasSize(1);
        assertThat(r.err()).contains(expected).doesNotContain("Exception");
        assertThat(r.out()).isEmpty();
    }
}
