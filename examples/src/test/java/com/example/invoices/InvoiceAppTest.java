package com.example.invoices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the packaged example, {@code java -jar target/stowage-example.jar DATA_DIR}, in a JVM of its
 * own as a user would, then opens the data folder it left and checks that what it printed is what
 * is stored: the jobs completed with their results, the document's bytes, a backup that verifies.
 */
class InvoiceAppTest {
    private static final String ULID = "[0-9A-HJKMNP-TV-Z]{26}";
    private static final Pattern JOB = Pattern.compile("job (" + ULID + ") (\\w+) (.*)");
    private static final Pattern RENDERING = Pattern.compile("rendering \\{\"invoice\":(\\d)} \\(job (" + ULID + ")\\)");
    private static final Pattern DOCUMENT = Pattern.compile(
            "document (" + ULID + ") '(invoices-" + ULID + "\\.txt)' (\\d+) bytes, sha256 ([0-9a-f]{64})");
    private static final Pattern BACKUP = Pattern.compile(
            "backup (" + ULID + ") COMPLETE (\\d+) bytes at fs:(.+), verify: ok");

    @TempDir
    Path dir;

    @Test
    void theExampleRendersInvoicesFilesTheSummaryAndTakesABackupThatVerifies() throws Exception {
        Path data = dir.resolve("data");
        List<String> out = runExample(data);

        List<Matcher> rendered = matching(out, RENDERING);
        List<Matcher> jobs = matching(out, JOB);
        List<Matcher> documents = matching(out, DOCUMENT);
        List<Matcher> backups = matching(out, BACKUP);
        assertThat(rendered).as("handler lines in %s", out).hasSize(3);
        assertThat(jobs).as("job lines in %s", out).hasSize(3)
                .allSatisfy(m -> assertThat(m.group(2) + " " + m.group(3)).isEqualTo("COMPLETED {\"pages\":1}"));
        assertThat(rendered.stream().map(m -> m.group(2)))
                .containsExactlyInAnyOrderElementsOf(jobs.stream().map(m -> m.group(1)).toList());
        assertThat(documents).as("document line in %s", out).hasSize(1);
        assertThat(backups).as("backup line in %s", out).hasSize(1);
        assertThat(out).hasSize(8);

        String summary = jobs.stream().map(Matcher::group).collect(Collectors.joining("\n", "", "\n"));
        Matcher document = documents.get(0);
        Matcher backup = backups.get(0);
        assertThat(Path.of(backup.group(3))).isEqualTo(data.resolve("backups"));
        try (Stowage stowage = Stowage.builder().dataDir(data).build()) {
            stowage.start();
            for (Matcher m : jobs) {
                Job job = stowage.queue().job(new JobId(m.group(1)));
                assertThat(job.state()).isEqualTo(JobState.COMPLETED);
                assertThat(job.payload().json()).matches("\\{\"invoice\":[123]}");
            }
            var content = stowage.documents().download("accounting", new DocumentId(document.group(1)));
            assertThat(content.document().name().value()).isEqualTo(document.group(2));
            assertThat(content.document().size()).isEqualTo(Long.parseLong(document.group(3)));
            assertThat(content.document().sha256().hex()).isEqualTo(document.group(4));
            try (InputStream in = content.bytes()) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(summary);
            }
            Backup kept = stowage.backups().get(new BackupId(backup.group(1)));
            assertThat(kept.verifiedGood()).isTrue();
            assertThat(kept.totalBytes()).isEqualTo(Long.parseLong(backup.group(2)));
            assertThat(stowage.backups().verify(kept.id()).ok()).as("a second verify, from another process").isTrue();
        }
        assertThat(data.resolve("stowage.db")).isRegularFile();
        assertThat(data.resolve("backups")).isDirectory();
    }

    @Test
    void aSecondRunInTheSameFolderAddsToWhatTheFirstLeft() throws Exception {
        Path data = dir.resolve("data");
        runExample(data);
        List<String> second = runExample(data);

        assertThat(matching(second, JOB)).hasSize(3);
        try (Stowage stowage = Stowage.builder().dataDir(data).build()) {
            stowage.start();
            assertThat(stowage.documents().list("accounting", 10).items()).hasSize(2);
            assertThat(stowage.backups().list()).hasSize(2).allMatch(Backup::verifiedGood);
        }
    }

    /** Runs the jar on {@code data}; returns its stdout lines once it exited with 0 and logged no warning. */
    private List<String> runExample(Path data) throws Exception {
        Path jar = Path.of(System.getProperty("stowage.example.jar"));
        assertThat(jar).as("the packaged example").isRegularFile();
        Path stdout = Files.createTempFile(dir, "stdout", ".txt");
        Path stderr = Files.createTempFile(dir, "stderr", ".txt");
        var command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(), "-Xmx256m",
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"), "-jar", jar.toString(), data.toString()));
        Process example = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        if (!example.waitFor(5, TimeUnit.MINUTES)) {
            example.destroyForcibly();
            fail("the example did not finish within 5 minutes; it printed:\n" + Files.readString(stdout)
                    + "\nand on stderr:\n" + Files.readString(stderr));
        }
        String errors = Files.readString(stderr);
        assertThat(example.exitValue()).as("exit code; stderr:\n%s", errors).isZero();
        assertThat(errors.lines()).as("log lines").noneMatch(l -> l.contains(" WARN ") || l.contains(" ERROR "));
        return Files.readAllLines(stdout);
    }

    private static List<Matcher> matching(List<String> lines, Pattern pattern) {
        return lines.stream().map(pattern::matcher).filter(Matcher::matches).toList();
    }
}
