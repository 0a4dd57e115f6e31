package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.bootstrap.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} is killed with SIGKILL while a remote worker holds a job; the next {@code serve}
 * recovers the expired lease by itself, although its first recovery runs only after it started
 * serving and its periodic one is an hour away. A worker that claims with a wait right after the
 * start gets the job under a new lease, and the lease the crash left behind no longer counts.
 */
class RestartRecoveryProcessTest {
    /** SIGKILL's exit status as the JVM reports it: 128 + 9. */
    private static final int KILLED = 137;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void aJobHeldWhenServeWasKilledIsRecoveredByTheNextStartAndOnlyItsNewLeaseCounts() throws Exception {
        Path data = dir.resolve("data");
        String token = adminToken(data);

        JsonNode lost;
        ServeProcess first = ServeProcess.start(data, dir.resolve("first.txt"));
        try (first) {
            int port = first.awaitServingPort();
            assertThat(post(port, token, "/api/v1/queues/renders/jobs", "{\"type\":\"render\",\"payload\":{}}")
                    .statusCode()).isEqualTo(201);
            lost = body(post(port, token, "/api/v1/queues/renders/claim", "{\"worker\":\"w1\",\"leaseSeconds\":1}"))
                    .get("jobs").get(0);
            first.process.destroyForcibly(); // SIGKILL on Linux: checked by the exit status
            assertThat(first.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(first.process.exitValue()).isEqualTo(KILLED);
        }
        Instant expires = Instant.parse(lost.get("lease").get("expiresAt").asText());
        while (!Instant.now().isAfter(expires)) {
            Thread.sleep(20); // waits for the lease to run out; nothing is measured
        }

        // only the recovery at start-up can send the job back: the periodic one is an hour away
        ServeProcess second = ServeProcess.start(data, dir.resolve("second.txt"),
                Map.of("STOWAGE_QUEUE_RECOVERY_INTERVAL", "1h"));
        try (second) {
            int port = second.awaitServingPort();
            HttpResponse<String> claimed = post(port, token, "/api/v1/queues/renders/claim",
                    "{\"worker\":\"w2\",\"waitSeconds\":30}");
            assertThat(claimed.statusCode()).as(claimed.body()).isEqualTo(200);
            JsonNode again = body(claimed).get("jobs");
            assertThat(again.size()).as(claimed.body() + "\n" + second.stderr()).isEqualTo(1);
            JsonNode job = again.get(0);
            String id = lost.get("id").asText();
            String oldLease = lost.get("lease").get("id").asText();
            String newLease = job.get("lease").get("id").asText();
            assertThat(job.get("id").asText()).isEqualTo(id);
            assertThat(job.get("attempts").asInt()).isEqualTo(2);
            assertThat(newLease).isNotEqualTo(oldLease);

            HttpResponse<String> late = post(port, token, "/api/v1/jobs/" + id + "/complete",
                    "{\"lease\":\"" + oldLease + "\"}");
            assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
            assertThat(late.body()).contains("lease-lost");
            HttpResponse<String> done = post(port, token, "/api/v1/jobs/" + id + "/complete",
                    "{\"lease\":\"" + newLease + "\"}");
            assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
            assertThat(body(done).get("state").asText()).isEqualTo("completed");

            second.process.destroy(); // SIGTERM
            assertThat(second.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(second.process.exitValue()).as(second.stderr()).isZero();
        }
        assertThat(second.stderr()).contains("recovered expired leases: 1 requeued");
    }

    private static String adminToken(Path data) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new Cli(Map.of()).run(new String[] {"token", "create", "--user", "ops", "--admin", "--data-dir",
                data.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().lines().findFirst().orElseThrow();
    }

    private HttpResponse<String> post(int port, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) throws Exception {
        return json.readTree(response.body());
    }
}
