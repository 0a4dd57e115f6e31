package dev.stowage.bootstrap.e2e.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.bootstrap.Main;
import dev.stowage.domain.common.Json;
import dev.stowage.testing.LegacyFileGenerator;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage import queue-state} in a real child JVM with a small heap: a file of tens of
 * thousands of jobs comes in whole with {@code -Xmx128m}, so the import holds neither the file nor
 * its jobs in memory. (Before, such a file needed a heap many times its size.) No time is asserted: the wait is only a guard against a hang.
 */
class ImportProcessTest {
    /** About 15 MB of queue state. */
    private static final int JOBS = 32_000;

    @TempDir
    Path dir;

    @Test
    void aLargeFileImportsWholeInA128MiBHeap() throws Exception {
        Path file = dir.resolve("queue_state.json");
        long size = LegacyFileGenerator.queueState(file, JOBS, 42);
        assertThat(size).isGreaterThan(14_000_000L);
        Path data = dir.resolve("data");

        Child child = run("-Xmx128m", "import", "queue-state", file.toString(), "--data-dir", data.toString(),
                "--json");
        assertThat(child.exit).as(child.stderr).isZero();
        @SuppressWarnings("unchecked")
        var report = (Map<String, Object>) Json.parse(child.stdout.strip());
        assertThat(report).containsEntry("entries", new BigDecimal(JOBS)).containsEntry("created", new BigDecimal(JOBS))
                .containsEntry("problems", List.of()).containsEntry("error", null);
        // not a terminal: the progress shows as plain lines at each quarter
        assertThat(child.stderr).contains("importing: 100% (32000 of 32000 entries)").doesNotContain("\tat ");

        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve("stowage.db"));
             ResultSet rows = db.createStatement().executeQuery(
                     "SELECT count(*), count(DISTINCT external_ref), sum(state = 'PENDING') FROM jobs")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(JOBS);
            assertThat(rows.getInt(2)).isEqualTo(JOBS);
            assertThat(rows.getInt(3)).isEqualTo(2 * JOBS / 5); // pending and processing ones
        }
    }

    private record Child(int exit, String stdout, String stderr) {
    }

    private Child run(String heap, String... args) throws Exception {
        var command = new ArrayList<String>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", testClassPath(), "-Dlogback.configurationFile=logback.xml", Main.class.getName()));
        command.addAll(List.of(args));
        Path out = dir.resolve("stdout.txt");
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("the import ended").isTrue();
        } finally {
            p.destroyForcibly();
        }
        return new Child(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
