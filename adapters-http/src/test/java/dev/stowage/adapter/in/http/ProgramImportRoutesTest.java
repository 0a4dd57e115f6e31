package dev.stowage.adapter.in.http;

import static dev.stowage.adapter.in.http.BadInputTest.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.port.in.legacy.LegacyProgram;
import dev.stowage.application.port.in.legacy.QueueStateSource;
import dev.stowage.testing.LegacyFileGenerator;
import dev.stowage.testing.RawHttp;
import dev.stowage.testing.SharedFixtures;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code POST /api/v1/programs/import} over loopback, with the real streaming reader of legacy
 * exports and the real image checks: the report, idempotence, dry runs, bad entries, bodies that
 * are no export, bodies cut short, a large export streamed in chunks past the server's request
 * limit, and the idle timeout, which a busy server never trips but a silent client does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgramImportRoutesTest {
    static final String FIXTURE = "legacy/vision_programs.json";
    static final String IMPORT = ProgramImportRoutes.PATH;
    static final ObjectMapper JSON = new ObjectMapper();
    /**
     * An export of one program without an image, for requests refused before their body is read: the
     * server answers and closes without reading, and a body larger than the socket's buffers would
     * meet the close while the client is still sending it (a broken pipe, not an answer).
     */
    static final String SMALL_EXPORT = "[{\"id\":\"small\",\"name\":\"Small\",\"createdAt\":\"2025-01-01T00:00:00Z\","
            + "\"config\":{}}]";

    @TempDir
    Path dir;
    /** For the tests that import nothing. */
    TestApi shared;

    @BeforeAll
    void start() {
        shared = new TestApi();
    }

    @AfterAll
    void stop() {
        shared.close();
    }

    @Test
    void theFixtureComesInWithItsImagesAndARerunAddsNothing() {
        try (TestApi api = new TestApi()) {
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> first = post(api, IMPORT, api.root, export, "application/json");
            JsonNode report = ApiTest.ok(first, 200);
            assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(report.get("dryRun").asBoolean()).isFalse();
            assertThat(report.get("entries").asInt()).isEqualTo(4);
            assertThat(report.get("created").asInt()).isEqualTo(4);
            assertThat(report.get("alreadyImported").asInt()).isZero();
            assertThat(report.get("problems")).isEmpty();
            assertThat(report.get("fileProblems")).isEmpty();
            assertThat(report.get("stoppedBy").isNull()).isTrue();
            assertThat(report.get("notes").toString()).contains("verification: 3 of 3 imported images");
            assertThat(report.has("file")).as("the CLI's file has no place here").isFalse();

            JsonNode programs = ApiTest.ok(api.get(ProgramRoutes.BASE + "?limit=100", api.ben), 200).get("items");
            assertThat(programs).hasSize(4);
            JsonNode pcb = find(programs, "PCB Connector Check");
            assertThat(pcb.get("active").asBoolean()).isFalse();
            assertThat(pcb.has("image")).isFalse();
            JsonNode cap = find(programs, "Bottle Cap Inspection");
            assertThat(cap.get("image").get("mimeType").asText()).isEqualTo("image/png");
            assertThat(cap.get("config").has("masterImage")).isFalse();
            assertThat(cap.get("config").get("triggerType").asText()).isEqualTo("internal");
            int blobs = blobCount(api);

            JsonNode again = ApiTest.ok(post(api, IMPORT, api.root, export, "application/json"), 200);
            assertThat(again.get("created").asInt()).isZero();
            assertThat(again.get("alreadyImported").asInt()).isEqualTo(4);
            assertThat(again.get("problems")).isEmpty();
            assertThat(ApiTest.ok(api.get(ProgramRoutes.BASE + "?limit=100", api.ben), 200).get("items")).hasSize(4);
            assertThat(blobCount(api)).isEqualTo(blobs);
        }
    }

    @Test
    void aDryRunChecksEverythingAndWritesNothing() {
        try (TestApi api = new TestApi()) {
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            JsonNode report = ApiTest.ok(post(api, IMPORT + "?dryRun=true", api.root, export, "application/json"), 200);
            assertThat(report.get("dryRun").asBoolean()).isTrue();
            assertThat(report.get("created").asInt()).isEqualTo(4);
            assertThat(report.get("problems")).isEmpty();
            assertThat(ApiTest.ok(api.get(ProgramRoutes.BASE, api.root), 200).get("items")).isEmpty();
            assertThat(blobCount(api)).isZero();

            assertClean(post(api, IMPORT + "?dryRun=yes", api.root, SMALL_EXPORT.getBytes(StandardCharsets.UTF_8),
                    "application/json"), 400, "dryRun");
            assertThat(blobCount(api)).isZero();
        }
    }

    @Test
    void badEntriesAreReportedWithIndexIdAndReasonAndTheRestComeIn() throws Exception {
        try (TestApi api = new TestApi()) {
            var entries = new ArrayList<Object>();
            entries.add(entry("good_1", "Good One", png(ProgramServiceSuite.png(64, 48))));
            entries.add("not an object");
            entries.add(entry("bomb", "Decompression Bomb", png(ProgramServiceSuite.bombPng(100_000, 100_000))));
            entries.add(entry("not_base64", "Broken Data Url", "data:image/png;base64,%%%not-base64%%%"));
            entries.add(entry("not_an_image", "Plain Text", png("plain text".getBytes(StandardCharsets.UTF_8))));
            var noCreated = entry("no_created_at", "No Created At", null);
            noCreated.remove("createdAt");
            entries.add(noCreated);
            entries.add(entry("good_1", "Good One Again", null));
            entries.add(entry("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", null));
            entries.add(entry("good_2", "Good Two", null));

            JsonNode report = ApiTest.ok(post(api, IMPORT, api.root, JSON.writeValueAsBytes(entries), "application/json"), 200);
            assertThat(report.get("entries").asInt()).isEqualTo(9);
            assertThat(report.get("created").asInt()).isEqualTo(3);
            Map<Integer, JsonNode> problems = StreamSupport.stream(report.get("problems").spliterator(), false)
                    .collect(Collectors.toMap(p -> p.get("index").asInt(), p -> p));
            assertThat(problems.keySet()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6);
            assertThat(problems.get(1).get("id").asText()).isEmpty();
            assertThat(problems.get(1).get("reason").asText()).contains("not a JSON object");
            assertThat(problems.get(2).get("id").asText()).isEqualTo("bomb");
            assertThat(problems.get(2).get("reason").asText()).contains("pixels");
            assertThat(problems.get(3).get("reason").asText()).contains("masterImage");
            assertThat(problems.get(4).get("id").asText()).isEqualTo("not_an_image");
            assertThat(problems.get(5).get("reason").asText()).contains("createdAt is missing");
            assertThat(problems.get(6).get("reason").asText()).contains("duplicate id");

            JsonNode programs = ApiTest.ok(api.get(ProgramRoutes.BASE + "?limit=100", api.root), 200).get("items");
            // markup in a name is data: it is stored and comes back as a JSON string, inert
            assertThat(programs).extracting(p -> p.get("name").asText())
                    .containsExactlyInAnyOrder("Good One", "Good Two", "<img src=x onerror=alert(1)>");
            // one image and its thumbnail; the bomb and the text left no blob behind
            assertThat(blobCount(api)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", " ", "not json", "{}", "{\"programs\":[]}", "null", "\"programs\"", "42", "[{\"id\":",
        "[{\"id\": \"a\", \"name\": ", "\uFEFF{"})
    void aBodyThatIsNoExportIsA400AndImportsNothing(String body) {
        HttpResponse<String> r = post(shared, IMPORT, shared.root, body.getBytes(StandardCharsets.UTF_8), "application/json");
        assertClean(r, 400, "INVALID_INPUT", "programs export");
        assertThat(ApiTest.json(r).has("report")).as("nothing was imported, so no report").isFalse();
        assertThat(ApiTest.ok(shared.get(ProgramRoutes.BASE, shared.root), 200).get("items")).isEmpty();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"", "text/plain", "application/x-www-form-urlencoded", "application/octet-stream",
        "application/json; charset=iso-8859-1", "application/jsonp", "multipart/form-data; boundary=x"})
    void aBodyThatIsNotJsonByItsContentTypeIs415(String contentType) {
        byte[] export = SMALL_EXPORT.getBytes(StandardCharsets.UTF_8);
        assertClean(post(shared, IMPORT, shared.root, export, contentType.isEmpty() ? null : contentType), 415,
                "application/json");
        assertThat(ApiTest.ok(shared.get(ProgramRoutes.BASE, shared.root), 200).get("items")).isEmpty();
    }

    @Test
    void aCharsetMayBeGivenInAnyCase() {
        try (TestApi api = new TestApi()) {
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            assertThat(post(api, IMPORT, api.root, export, "Application/JSON; charset=\"UTF-8\"").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anExportCutShortKeepsWhatCameBeforeAndSaysSo() {
        try (TestApi api = new TestApi()) {
            String whole = SharedFixtures.read(FIXTURE);
            String cut = whole.substring(0, whole.indexOf("prog_1727856000000"));
            HttpResponse<String> r = post(api, IMPORT, api.root, cut.getBytes(StandardCharsets.UTF_8), "application/json");
            assertClean(r, 400, "INVALID_INPUT");
            JsonNode answer = ApiTest.json(r);
            JsonNode report = answer.get("report");
            assertThat(report.get("created").asInt()).isEqualTo(2);
            assertThat(report.get("stoppedBy").asText()).isEqualTo(answer.get("detail").asText())
                    .contains("after entry #1", "the 2 programs before were imported");

            JsonNode rest = ApiTest.ok(post(api, IMPORT, api.root, whole.getBytes(StandardCharsets.UTF_8), "application/json"), 200);
            assertThat(rest.get("created").asInt()).isEqualTo(2);
            assertThat(rest.get("alreadyImported").asInt()).isEqualTo(2);
        }
    }

    /**
     * Several MB of export with real PNGs, over a server whose request limit is 1 MiB: streamed
     * without a length (the JDK client sends it chunked), then again with its Content-Length.
     */
    @Test
    void aLargeExportStreamsInChunksPastTheRequestLimit() throws IOException {
        try (TestApi api = new TestApi(new HttpSettings("127.0.0.1", 0, 1 << 20, Duration.ofSeconds(2)))) {
            Path export = dir.resolve("large.json");
            List<String> digests = LegacyFileGenerator.programsWithPngs(export, 10, 420, 11);
            assertThat(Files.size(export)).isGreaterThan(6L << 20);

            HttpRequest chunked = request(api, IMPORT, api.root, "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> open(export))).build();
            assertThat(chunked.bodyPublisher().orElseThrow().contentLength()).as("no length: chunked").isNegative();
            JsonNode report = ApiTest.ok(api.send(chunked), 200);
            assertThat(report.get("created").asInt()).isEqualTo(10);
            assertThat(report.get("problems")).isEmpty();
            assertThat(report.get("notes").toString()).contains("verification: 10 of 10");
            JsonNode programs = ApiTest.ok(api.get(ProgramRoutes.BASE + "?limit=100", api.root), 200).get("items");
            assertThat(programs).extracting(p -> p.get("image").get("sha256").asText()).containsExactlyInAnyOrderElementsOf(digests);

            HttpRequest withLength = request(api, IMPORT, api.root, "application/json")
                    .POST(HttpRequest.BodyPublishers.ofFile(export)).build();
            JsonNode again = ApiTest.ok(api.send(withLength), 200);
            assertThat(again.get("alreadyImported").asInt()).isEqualTo(10);
        }
    }

    /** Chunked framing written by hand on a raw socket, the entries split across chunks. */
    @Test
    void aHandChunkedBodyIsReadAsItComes() throws IOException {
        try (TestApi api = new TestApi()) {
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            var body = new StringBuilder();
            for (int at = 0; at < export.length; at += 4000) {
                int n = Math.min(4000, export.length - at);
                body.append(Integer.toHexString(n)).append("\r\n")
                        .append(new String(export, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
            }
            body.append("0\r\n\r\n");
            String answer = RawHttp.exchange(api.port, head(api.root, "Transfer-Encoding: chunked") + body, false);
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(200);
            assertThat(answer).contains("\"created\":4");

            String broken = RawHttp.exchange(api.port, head(api.root, "Transfer-Encoding: chunked")
                    + "5\r\n[{\"id\r\nzz\r\n", true);
            assertThat(RawHttp.status(broken)).as(broken).isEqualTo(400);
            assertThat(broken).contains("application/problem+json").doesNotContain("Exception");
        }
    }

    /**
     * The idle timeout is for a silent client, not a busy server: with a 300 ms timeout and a second
     * of work after each entry (the socket untouched meanwhile) the import completes; a client that
     * stops sending part way gets 408, with the report of the entries before.
     */
    @Test
    void theIdleTimeoutCutsASilentClientNotABusyServer() throws IOException {
        try (TestApi api = new TestApi(new HttpSettings("127.0.0.1", 0, 4L << 20, Duration.ofSeconds(2)),
                ProgramImportRoutesTest::slow)) {
            api.server.idleTimeout(Duration.ofMillis(300));
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            JsonNode report = ApiTest.ok(post(api, IMPORT + "?dryRun=true", api.root, export, "application/json"), 200);
            assertThat(report.get("created").asInt()).isEqualTo(4);

            String whole = new String(export, StandardCharsets.UTF_8);
            String part = whole.substring(0, whole.indexOf("prog_1727769600000"));
            String answer = RawHttp.exchange(api.port, head(api.root, "Content-Length: " + export.length) + part, false);
            assertThat(RawHttp.status(answer)).as(answer).isEqualTo(408);
            JsonNode stopped = JSON.readTree(answer.substring(answer.indexOf("\r\n\r\n") + 4));
            assertThat(stopped.get("report").get("created").asInt()).isEqualTo(1);
            assertThat(stopped.get("detail").asText()).contains("idle timeout", "the 1 programs before it were imported");
        }
    }

    @Test
    void onlyAnAdministratorImportsAndARefusalComesBeforeTheBody() throws IOException {
        try (TestApi api = new TestApi()) {
            byte[] small = SMALL_EXPORT.getBytes(StandardCharsets.UTF_8);
            assertClean(post(api, IMPORT, null, small, "application/json"), 401);
            assertClean(post(api, IMPORT, api.ana, small, "application/json"), 403, "administrator");
            byte[] export = SharedFixtures.read(FIXTURE).getBytes(StandardCharsets.UTF_8);
            // Expect: 100-continue: the refusal is the final answer, the body is never asked for
            String answer = RawHttp.exchange(api.port, "POST " + IMPORT + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                    + api.ana + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                    + export.length + "\r\n\r\n", false);
            assertThat(answer).doesNotContain("100 Continue");
            assertThat(RawHttp.status(answer)).isEqualTo(403);
            assertThat(ApiTest.ok(api.get(ProgramRoutes.BASE, api.root), 200).get("items")).isEmpty();
        }
    }

    // --- helpers ---------------------------------------------------------------------------------

    /** Legacy files whose reading takes a second more after each entry, the connection untouched. */
    static LegacyFiles slow(LegacyFiles files) {
        return new LegacyFiles() {
            @Override
            public QueueStateSource queueState(Path file) {
                return files.queueState(file);
            }

            @Override
            public void readPrograms(InputStream export, Consumer<LegacyProgram> each) {
                files.readPrograms(export, entry -> {
                    each.accept(entry);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        };
    }

    static Map<String, Object> entry(String id, String name, String masterImage) {
        var config = new LinkedHashMap<String, Object>();
        config.put("triggerType", "internal");
        config.put("masterImage", masterImage);
        var e = new LinkedHashMap<String, Object>();
        e.put("id", id);
        e.put("name", name);
        e.put("createdAt", "2025-09-30T08:00:00.000Z");
        e.put("active", true);
        e.put("config", config);
        return e;
    }

    static String png(byte[] bytes) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(bytes);
    }

    static HttpRequest.Builder request(TestApi api, String path, String token, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).version(HttpClient.Version.HTTP_1_1)
                .timeout(Duration.ofSeconds(120));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return b;
    }

    static HttpResponse<String> post(TestApi api, String path, String token, byte[] body, String contentType) {
        return api.send(request(api, path, token, contentType).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    static String head(String token, String... headers) {
        var b = new StringBuilder("POST " + IMPORT + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\nContent-Type: application/json\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static int blobCount(TestApi api) {
        return (int) StreamSupport.stream(Spliterators.spliteratorUnknownSize(api.blobs.list(""), 0), false).count();
    }

    static JsonNode find(JsonNode items, String name) {
        for (JsonNode p : items) {
            if (p.get("name").asText().equals(name)) {
                return p;
            }
        }
        throw new AssertionError("no program named " + name + " in " + items);
    }
}
