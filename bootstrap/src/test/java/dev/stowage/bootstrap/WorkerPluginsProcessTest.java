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
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage serve} runs job handler plugins from {@code stowage.workers.plugins-dir}: a child
 * process with {@link RecordingPlugin}'s jar in its plugin folder runs the jobs enqueued over HTTP,
 * under its own worker name and within the queue's limit; a queue no plugin handles, and a bad value,
 * stop it at start-up with one clear line.
 */
class WorkerPluginsProcessTest {
    private static final String QUEUE = "plugged";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void servesAQueueWithThePluginInItsFolderUnderItsNameAndLimit() throws Exception {
        Path runs = dir.resolve("runs.txt");
        Path plugins = PluginJars.of(dir.resolve("plugins/recording.jar"), RecordingPlugin.class).getParent();
        Path data = dir.resolve("data");
        String token = adminToken(data);
        Map<String, String> env = Map.of(
                "STOWAGE_WORKERS_QUEUES", QUEUE + ":2",
                "STOWAGE_WORKERS_PLUGINS_DIR", plugins.toString(),
                RecordingPlugin.QUEUE, QUEUE,
                RecordingPlugin.RUNS, runs.toString());
        List<String> ids = new ArrayList<>();
        long pid;
        try (ServeProcess serve = ServeProcess.start(data, dir.resolve("serve.txt"), env)) {
            int port = serve.awaitServingPort();
            pid = serve.process.pid();
            StringBuilder batch = new StringBuilder("{\"jobs\":[");
            for (int i = 0; i < 40; i++) {
                batch.append(i == 0 ? "" : ",").append("{\"type\":\"work\",\"payload\":{\"n\":").append(i).append("}}");
            }
            HttpResponse<String> enqueued = send(port, token, "POST", "/api/v1/queues/" + QUEUE + "/jobs",
                    batch.append("]}").toString());
            assertThat(enqueued.statusCode()).as(enqueued.body()).isEqualTo(201);
            for (JsonNode item : json.readTree(enqueued.body()).get("items")) {
                ids.add(item.get("job").get("id").asText());
            }
            for (String id : ids) {
                JsonNode job = awaitCompleted(port, token, id);
                JsonNode result = job.get("result");
                assertThat(result.get("inProcess").asBoolean()).isTrue();
                assertThat(result.get("worker").asText()).as("the default worker name").isEqualTo("serve-" + pid);
            }
            assertThat(serve.stderr()).doesNotContain("ERROR").doesNotContain("WARN");
        }

        List<RecordingPlugin.Run> records = RecordingPlugin.Run.read(runs);
        assertThat(records.stream().filter(RecordingPlugin.Run::start).map(RecordingPlugin.Run::job))
                .as("each job ran once, in the serve process").containsExactlyInAnyOrderElementsOf(ids);
        assertThat(mostAtOnce(records)).as("runs at once, within the queue's limit of 2 here").isBetween(1, 2);
    }

    @Test
    void aServedQueueThatNoPluginHandlesStopsTheStartUpWithOneLine() throws Exception {
        Path plugins = PluginJars.of(dir.resolve("plugins/recording.jar"), RecordingPlugin.class).getParent();
        String stderr = failedStart(Map.of(
                "STOWAGE_WORKERS_QUEUES", QUEUE + ",images",
                "STOWAGE_WORKERS_PLUGINS_DIR", plugins.toString(),
                RecordingPlugin.QUEUE, QUEUE,
                RecordingPlugin.RUNS, dir.resolve("runs.txt").toString()));

        assertThat(stderr).contains("stowage: invalid configuration: stowage.workers.queues: no job handler plugin"
                + " handles queue 'images' (searched the class path and the jars in " + plugins + "; handled: queue '"
                + QUEUE + "' [work] by " + RecordingPlugin.class.getName() + ")");
        assertThat(stderr).doesNotContain("\tat ");
    }

    @Test
    void aBadValueStopsTheStartUpNamingTheKeyTheValueWhatIsAllowedAndItsOrigin() throws Exception {
        String stderr = failedStart(Map.of("STOWAGE_WORKERS_QUEUES", "images:0"));

        assertThat(stderr).contains("stowage: invalid configuration: stowage.workers.queues: 'images:0' is not NAME or"
                + " NAME:N").contains("a whole number between 1 and 10000 (from environment variable STOWAGE_WORKERS_QUEUES)");
    }

    /** Starts serve, which must exit 1 before serving; returns its stderr. */
    private String failedStart(Map<String, String> env) throws Exception {
        try (ServeProcess serve = ServeProcess.start(dir.resolve("data"), dir.resolve("serve.txt"), env)) {
            assertThat(serve.process.waitFor(2, TimeUnit.MINUTES)).as("serve exits").isTrue();
            assertThat(serve.process.exitValue()).as(serve.stderr()).isEqualTo(1);
            assertThat(dir.resolve("data/stowage.db")).as("nothing was opened").doesNotExist();
            return serve.stderr();
        }
    }

    /** The most runs under way at one time, from their start and end lines. */
    private static int mostAtOnce(List<RecordingPlugin.Run> records) {
        List<RecordingPlugin.Run> sorted = new ArrayList<>(records);
        // at one instant an end is counted before a start: the runs did not overlap
        sorted.sort(Comparator.comparingLong(RecordingPlugin.Run::nanos).thenComparing(RecordingPlugin.Run::start));
        int now = 0;
        int most = 0;
        for (RecordingPlugin.Run r : sorted) {
            now += r.start() ? 1 : -1;
            most = Math.max(most, now);
        }
        return most;
    }

    private JsonNode awaitCompleted(int port, String token, String id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            HttpResponse<String> answer = send(port, token, "GET", "/api/v1/jobs/" + id, null);
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode job = json.readTree(answer.body());
            if (job.get("state").asText().equals("completed")) {
                return job;
            }
            assertThat(job.get("state").asText()).as("job %s", id).isIn("pending", "running");
            assertThat(System.nanoTime()).as("job %s completes within two minutes", id).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    private HttpResponse<String> send(int port, String token, String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .header("Authorization", "Bearer " + token)
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String adminToken(Path data) {
        var out = new StringWriter();
        var err = new StringWriter();
        int code = new Cli(new HashMap<>()).run(new String[] {"token", "create", "--user", "ops", "--admin", "--data-dir",
                data.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(code).as(err.toString()).isZero();
        return out.toString().lines().findFirst().orElseThrow();
    }
}
