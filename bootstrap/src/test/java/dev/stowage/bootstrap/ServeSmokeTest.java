package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve} in a real child JVM on the test class path: it serves health and metrics on
 * an ephemeral port, and a real SIGTERM stops it with exit code 0, leaving an empty WAL.
 */
class ServeSmokeTest {
    private static final Pattern SERVING = Pattern.compile("is serving http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void servesHealthAndMetricsAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = dir.resolve("data");
        Process process = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", testClassPath(),
                "-Dlogback.configurationFile=logback.xml", // the shipped configuration, not the tests'
                Main.class.getName(),
                "serve", "--data-dir", dataDir.toString(), "--port", "0")
                .redirectError(dir.resolve("stderr.txt").toFile())
                .start();
        try {
            int port = awaitServingPort(process);
            HttpClient client = HttpClient.newHttpClient();

            HttpResponse<String> health = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"", "\"schemaVersion\":", "\"blobBackend\":\"fs\"");

            HttpResponse<String> metrics = client.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.body()).contains("stowage_sqlite", "jvm_memory_used_bytes");

            process.destroy(); // SIGTERM
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("stopped within 30 s").isTrue();
            assertThat(process.exitValue()).as(stderr()).isZero();
        } finally {
            process.destroyForcibly();
        }
        Path wal = dataDir.resolve("stowage.db-wal");
        assertThat(Files.exists(dataDir.resolve("stowage.db"))).isTrue();
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("the WAL is empty after a clean stop").isTrue();
        // the access log is written asynchronously: its lines were written out before the process ended
        assertThat(stderr()).contains("GET /health 200", "GET /metrics 200", "Stowage stopped").doesNotContain("ERROR");
    }

    /** Reads the child's stdout until it says where it serves; gives up after 60 seconds. */
    private int awaitServingPort(Process process) throws Exception {
        List<String> seen = new ArrayList<>();
        CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
            try {
                BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    seen.add(line);
                    Matcher m = SERVING.matcher(line);
                    if (m.find()) {
                        return Integer.parseInt(m.group(1));
                    }
                }
                throw new IllegalStateException("serve ended before serving: " + seen + "\n" + stderr());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        return port.get(60, TimeUnit.SECONDS);
    }

    private String stderr() {
        try {
            return Files.readString(dir.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(no stderr: " + e + ")";
        }
    }

    /** The real class path: surefire keeps it here when it launches through a manifest-only jar. */
    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
