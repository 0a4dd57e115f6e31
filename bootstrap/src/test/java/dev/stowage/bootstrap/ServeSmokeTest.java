package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve} in a real child JVM on the test class path: it serves health and metrics on
 * an ephemeral port, and a real SIGTERM stops it with exit code 0, leaving an empty WAL.
 */
class ServeSmokeTest {
    @TempDir
    Path dir;

    @Test
    void servesHealthAndMetricsAndStopsCleanlyOnSigterm() throws Exception {
        Path dataDir = dir.resolve("data");
        ServeProcess serve = ServeProcess.start(dataDir, dir.resolve("stderr.txt"));
        Process process = serve.process;
        try (serve) {
            int port = serve.awaitServingPort();
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
            assertThat(process.exitValue()).as(serve.stderr()).isZero();
        }
        Path wal = dataDir.resolve("stowage.db-wal");
        assertThat(Files.exists(dataDir.resolve("stowage.db"))).isTrue();
        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("the WAL is empty after a clean stop").isTrue();
        // the access log is written asynchronously: its lines were written out before the process ended
        assertThat(serve.stderr()).contains("GET /health 200", "GET /metrics 200", "Stowage stopped").doesNotContain("ERROR");
    }
}
