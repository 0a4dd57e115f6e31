package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line run in-process, with its output captured. */
class CliTest {

    @TempDir
    Path dir;

    private record Run(int exitCode, String out, String err) {
    }

    private Run run(Map<String, String> env, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new Cli(env).run(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    private Run run(String... args) {
        return run(Map.of(), args);
    }

    @Test
    void runningOutOfMemoryIsOneLineNeverATrace() {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new Cli(Map.of()).commandLine(new PrintWriter(out, true), new PrintWriter(err, true));
        cli.addSubcommand("hungry", new picocli.CommandLine(new HungryCommand()));
        // Before: picocli let the error through and the JVM printed "Exception in thread main" with its trace.
        assertThat(Cli.execute(cli, new String[] {"hungry"})).isEqualTo(1);
        assertThat(err.toString().lines()).singleElement().asString()
                .startsWith("stowage: ran out of memory (maximum heap ").contains("-Xmx");
        assertThat(out.toString()).isEmpty();
    }

    @picocli.CommandLine.Command(name = "hungry")
    static final class HungryCommand implements Runnable {
        @Override
        public void run() {
            throw new OutOfMemoryError("Java heap space");
        }
    }

    @Test
    void eachCommandIsListedUnderItsOwnName() {
        StowageCommand.SUBCOMMANDS.forEach((name, type) ->
                assertThat(type.getAnnotation(picocli.CommandLine.Command.class).name()).isEqualTo(name));
        assertThat(run("--help").out()).contains(StowageCommand.SUBCOMMANDS.keySet().toArray(String[]::new));
    }

    @Test
    void aLaunchBuildsOnlyTheCommandItRuns() {
        var out = new PrintWriter(new StringWriter());
        assertThat(new Cli(Map.of()).commandLine(out, out, new String[] {"serve", "--port", "0"})
                .getSubcommands()).containsOnlyKeys("serve");
        assertThat(new Cli(Map.of()).commandLine(out, out, new String[] {"--help"}).getSubcommands().keySet())
                .containsExactlyElementsOf(StowageCommand.SUBCOMMANDS.keySet());
        assertThat(new Cli(Map.of()).commandLine(out, out, new String[] {"serv"}).getSubcommands())
                .as("a name that is no command gets them all").hasSameSizeAs(StowageCommand.SUBCOMMANDS);
        Run typo = run("serv");
        assertThat(typo.exitCode()).isEqualTo(2);
        assertThat(typo.err()).startsWith("stowage: Unmatched argument at index 0: 'serv'");
    }

    @Test
    void versionIsTheMavenProjectVersion() {
        String expected = System.getProperty("stowage.expected-version");
        assertThat(expected).isNotBlank();
        for (String[] args : new String[][] {{"--version"}, {"serve", "--version"}, {"db", "info", "-V"}}) {
            Run r = run(args);
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).startsWith("stowage " + expected + System.lineSeparator());
        }
    }

    @Test
    void helpIsAvailableEverywhere() {
        assertThat(run("--help").out()).contains("serve", "db", "Usage: stowage");
        assertThat(run("serve", "--help").out()).contains("--data-dir", "--port", "--config", "--verbose");
        assertThat(run("db", "--help").out()).contains("migrate", "info", "checkpoint");
        for (String sub : new String[] {"migrate", "info", "checkpoint"}) {
            Run r = run("db", sub, "--help");
            assertThat(r.exitCode()).isZero();
            assertThat(r.out()).contains("Usage: stowage db " + sub, "--data-dir", "--config");
        }
    }

    @Test
    void badUsageIsOneLineAndExitCode2() {
        Run r = run("serve", "--nope");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err().lines()).containsExactly("stowage: Unknown option: '--nope' (see 'stowage serve --help')");
    }

    @Test
    void badConfigurationNamesTheKeyWithoutAStackTrace() {
        Run r = run(Map.of("STOWAGE_BLOBS_BACKEND", "ftp"), "serve", "--data-dir", dir.toString());
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err().lines()).containsExactly("stowage: invalid configuration: stowage.blobs.backend:"
                + " 'ftp' is not one of [fs, s3] (from environment variable STOWAGE_BLOBS_BACKEND)");
    }

    @Test
    void migrateIsIdempotentAndInfoShowsTheSchemaVersion() {
        String dataDir = dir.resolve("data").toString();
        Run first = run("db", "migrate", "--data-dir", dataDir);
        assertThat(first.exitCode()).as(first.err()).isZero();
        String version = schemaVersionIn(first.out());

        Run second = run("db", "migrate", "--data-dir", dataDir);
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).isEqualToIgnoringNewLines("Schema is up to date at version " + version + ".");

        Run info = run("db", "info", "--data-dir", dataDir);
        assertThat(info.exitCode()).as(info.err()).isZero();
        assertThat(info.out()).contains(
                "schema version:      " + version,
                "pending migrations:  none",
                "database:            " + dir.resolve("data").resolve("stowage.db").toAbsolutePath(),
                "database size:", "WAL size:", "journal mode:", "synchronous:");

        Run checkpoint = run("db", "checkpoint", "--data-dir", dataDir);
        assertThat(checkpoint.exitCode()).as(checkpoint.err()).isZero();
        assertThat(checkpoint.out()).startsWith("Checkpoint complete");
    }

    private static String schemaVersionIn(String migrateOutput) {
        Matcher m = Pattern.compile("at version (\\S+)\\.").matcher(migrateOutput);
        assertThat(m.find()).as(migrateOutput).isTrue();
        assertThat(m.group(1)).isNotEqualTo("none");
        return m.group(1);
    }

    @Test
    void sizesAreReadable() {
        assertThat(DbCommand.size(0)).isEqualTo("0 B");
        assertThat(DbCommand.size(4096)).isEqualTo("4.0 KiB (4096 bytes)");
        assertThat(DbCommand.size(5L * 1024 * 1024 + 1)).isEqualTo("5.0 MiB (5242881 bytes)");
    }
}
