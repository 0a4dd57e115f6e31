package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a careless or hostile client can send: every answer is a 4xx problem, never a 5xx, never a
 * stack trace, and where a field is at fault the detail names it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {
    TestApi api;
    String doc;

    @BeforeAll
    void start() {
        api = new TestApi();
        doc = ApiTest.ok(api.upload(api.ana, "name=ranged", "0123456789".getBytes(StandardCharsets.UTF_8), "text/plain"), 201)
                .get("id").asText();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static void assertClean(HttpResponse<String> r, int status, String... mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.body()).doesNotContain("Exception", "at dev.", "\tat ", "at io.", "at org.");
        if (mentions.length > 0) {
            assertThat(r.body()).contains(mentions);
        }
    }

    static Stream<Arguments> badJson() {
        return Stream.of(
                Arguments.of("{\"type\":", 400, "malformed JSON"),
                Arguments.of("not json", 400, "malformed JSON"),
                Arguments.of("[1,2]", 400, "JSON object"),
                Arguments.of("{\"type\":5}", 400, "field 'type' must be a string"),
                Arguments.of("{\"type\":\"t\",\"priority\":\"5\"}", 400, "field 'priority' must be an integer"),
                Arguments.of("{\"type\":\"t\",\"priority\":5.5}", 400, "field 'priority' must be an integer"),
                Arguments.of("{\"type\":\"t\",\"priority\":99999}", 400, "priority"),
                Arguments.of("{\"type\":\"t\",\"prio\":1}", 400, "unknown field 'prio'"),
                Arguments.of("{\"type\":\"t\",\"type\":\"u\"}", 400, "malformed JSON"),
                Arguments.of("{\"type\":\"t\",\"runAt\":\"tomorrow\"}", 400, "field 'runAt' must be an ISO-8601 instant"),
                Arguments.of("{\"type\":\"t\",\"estimatedDuration\":\"5 minutes\"}", 400, "estimatedDuration"),
                Arguments.of("{\"type\":\"../../etc/passwd\"}", 400, "job type"),
                Arguments.of("{\"jobs\":[{\"type\":\"t\"},{\"priority\":1}]}", 400, "jobs[1].type"),
                Arguments.of("{\"jobs\":[{\"type\":\"t\",\"maxAttempts\":true}]}", 400, "jobs[0].maxAttempts"),
                Arguments.of("{\"jobs\":5}", 400, "field 'jobs'"),
                Arguments.of("{\"type\":\"t\",\"payload\":" + "[".repeat(200) + "]".repeat(200) + "}", 400, "nested"),
                Arguments.of("", 400, "empty"));
    }

    @ParameterizedTest
    @MethodSource("badJson")
    void malformedOrMistypedJsonIsA400NamingTheField(String body, int status, String mention) {
        assertClean(api.post("/api/v1/queues/bad/jobs", api.ana, body), status, mention);
    }

    @Test
    void wrongTypesInOtherBodiesNameTheirFields() {
        assertClean(api.post("/api/v1/queues/bad/claim", api.ana, "{\"worker\":\"w\",\"waitSeconds\":\"10\"}"), 400, "waitSeconds");
        assertClean(api.post("/api/v1/queues/bad/claim", api.ana, "{\"max\":1}"), 400, "worker");
        assertClean(api.post("/api/v1/queues/bad/claim", api.ana, "{\"worker\":\"w\",\"max\":0}"), 400, "max");
        assertClean(api.post("/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV/heartbeat", api.ana,
                "{\"lease\":\"nope\"}"), 400, "lease id");
        assertClean(api.post("/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV/heartbeat", api.ana,
                "{\"lease\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"progress\":{\"percent\":150}}"), 400, "percent");
        assertClean(api.send("PUT", "/api/v1/queues/bad/settings", api.root, "{\"backoff\":{\"multiplier\":\"x\"}}"), 400,
                "backoff.multiplier");
        // durations too large to convert to milliseconds or microseconds are refused, not overflowed
        assertClean(api.send("PUT", "/api/v1/queues/bad/settings", api.root, "{\"leaseDuration\":\"PT99999999999999H\"}"),
                400, "lease duration");
        assertClean(api.send("PUT", "/api/v1/queues/bad/settings", api.root,
                "{\"backoff\":{\"max\":\"PT99999999999999H\"}}"), 400, "backoff max");
        assertThat(api.get("/api/v1/queues/bad/settings", api.root).body()).doesNotContain("99999999999999");
        assertClean(api.post("/api/v1/queues/bad/jobs", api.ana,
                "{\"type\":\"t\",\"payload\":{},\"estimatedDuration\":\"PT99999999999999H\"}"), 400, "estimated duration");
        assertClean(api.post("/api/v1/queues/bad/jobs", api.ana,
                "{\"type\":\"t\",\"payload\":{},\"runAt\":\"+1000000000-12-31T23:59:59Z\"}"), 400, "run-at");
        assertClean(api.send("PATCH", "/api/v1/documents/" + doc, api.ana, "{\"visibility\":\"secret\"}", "If-Match", "*"), 400,
                "visibility", "private, public");
        assertClean(api.send("PATCH", "/api/v1/documents/" + doc, api.ana, "{\"size\":1}", "If-Match", "*"), 400, "unknown field 'size'");
        assertClean(api.send("PATCH", "/api/v1/documents/" + doc, api.ana, "{\"metadata\":{\"k\":5}}", "If-Match", "*"), 400,
                "metadata.k");
    }

    @Test
    void badQueryParametersAndIdsAreA400() {
        assertClean(api.get("/api/v1/jobs?state=bogus", api.root), 400, "state", "pending");
        assertClean(api.get("/api/v1/jobs?limit=abc", api.root), 400, "limit");
        assertClean(api.get("/api/v1/jobs?limit=0", api.root), 400, "limit");
        assertClean(api.get("/api/v1/jobs?createdFrom=yesterday", api.root), 400, "createdFrom");
        assertClean(api.get("/api/v1/jobs?cursor=garbage", api.root), 400);
        assertClean(api.get("/api/v1/queues/q/stats?window=-PT1H", api.root), 400, "window");
        assertClean(api.get("/api/v1/documents?sort=colour", api.ana), 400, "sort");
        assertClean(api.get("/api/v1/documents?order=up", api.ana), 400, "order");
        assertClean(api.get("/api/v1/jobs/not-an-id", api.ana), 400, "job id");
        assertClean(api.get("/api/v1/documents/../../etc/passwd", api.ana), 404);
    }

    @Test
    void hugeBodiesAreA413WithOrWithoutALength() {
        String big = "{\"type\":\"t\",\"payload\":\"" + "x".repeat(2 << 20) + "\"}";
        HttpRequest withLength = HttpRequest.newBuilder(api.uri("/api/v1/queues/bad/jobs"))
                .header("Authorization", "Bearer " + api.ana).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(big)).build();
        api.sendRefused(withLength).ifPresent(r -> assertClean(r, 413, "TOO_LARGE"));
        HttpRequest chunked = HttpRequest.newBuilder(api.uri("/api/v1/queues/bad/jobs"))
                .header("Authorization", "Bearer " + api.ana)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big.getBytes(StandardCharsets.UTF_8))))
                .build();
        api.sendRefused(chunked).ifPresent(r -> assertClean(r, 413, "TOO_LARGE"));
        // Over the server's request limit, on a route that is not a document upload.
        HttpRequest over = HttpRequest.newBuilder(api.uri("/api/v1/queues/bad/claim"))
                .header("Authorization", "Bearer " + api.ana)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[5 << 20])).build();
        api.sendRefused(over).ifPresent(r -> assertClean(r, 413));
    }

    @Test
    void aHugeHeaderIsA431Problem() {
        HttpResponse<String> r = api.get("/api/v1/usage", api.ana, "X-Padding", "p".repeat(64 * 1024));
        assertClean(r, 431);
    }

    @Test
    void invalidAndUnsatisfiableRangesAre416AndOverlappingOnesServeTheWhole() {
        String path = "/api/v1/documents/" + doc + "/content";
        for (String range : new String[] {"bytes=abc", "bytes=5-2", "bytes=10-", "bytes=99-100", "bytes=-0", "bytes", "bytes=1-2-3",
                "bytes=99999999999999999999-"}) {
            HttpResponse<String> r = api.get(path, api.ana, "Range", range);
            assertClean(r, 416);
            assertThat(r.headers().firstValue("Content-Range")).as(range).hasValue("bytes */10");
        }
        HttpResponse<String> overlapping = api.get(path, api.ana, "Range", "bytes=0-5,3-8");
        assertThat(overlapping.statusCode()).isEqualTo(200);
        assertThat(overlapping.body()).isEqualTo("0123456789");
        assertThat(api.get(path, api.ana, "Range", "items=0-1").statusCode()).isEqualTo(200);
        assertThat(api.get(path, api.ana, "Range", "bytes=8-100").body()).isEqualTo("89");
    }

    @Test
    void traversalLookingAndOversizedNamesNeverReachStorageAsPaths() {
        byte[] b = "x".getBytes(StandardCharsets.UTF_8);
        // A name is only a label: "../x" is stored as such, its file name must be given without a slash.
        assertClean(api.upload(api.ana, "name=..%2Fx", b, "text/plain"), 400, "file name");
        assertThat(ApiTest.ok(api.upload(api.ana, "name=..%2Fx&fileName=x", b, "text/plain"), 201).get("name").asText())
                .isEqualTo("../x");
        assertClean(api.upload(api.ana, "name=a&fileName=..", b, "text/plain"), 400, "file name");
        assertClean(api.upload(api.ana, "name=a%00b", b, "text/plain"), 400, "control characters");
        assertClean(api.upload(api.ana, "name=" + "n".repeat(2000), b, "text/plain"), 400, "255");
        assertClean(api.upload(api.ana, "fileName=x", b, "text/plain"), 400, "'name' is required");
        assertClean(api.upload(api.ana, "name=m", b, "text/plain/html"), 400, "MIME type");
        assertClean(api.upload(api.ana, "name=m2&meta.bad%20key=v", b, "text/plain"), 400, "metadata key");
        assertClean(api.upload(api.ana, "name=m3", b, "text/plain", "Content-Digest", "sha-256=:nope:"), 400, "SHA-256");
        for (String path : new String[] {"/api/v1/documents/%2e%2e/%2e%2e/etc/passwd", "/api/v1/documents/%2e%2e%2fx/content",
                "/api/v1/documents/a%00b", "/api/v1/%2e%2e/health", "/api/v1/documents/..%5c..%5cwin.ini"}) {
            HttpResponse<String> r = api.get(path, api.ana);
            assertThat(r.statusCode()).as(path).isBetween(400, 499);
            assertThat(r.body()).as(path).doesNotContain("Exception", "\tat ", "at dev.");
        }
    }

    /** Creates a ten-byte tus upload for ana and returns its path. */
    private String tusUpload(String fileName) {
        HttpResponse<String> r = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "10", "Upload-Metadata", AuthorizationMatrixTest.tusMetadata(fileName));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> tusPatch(String upload, String offset, String body) {
        return api.send("PATCH", upload, api.ana, body, "Tus-Resumable", "1.0.0", "Upload-Offset", offset,
                "Content-Type", TusRoutes.OFFSET_OCTET_STREAM);
    }

    @Test
    void aBadUploadOffsetIsA400AndLeavesTheUploadAlone() {
        String upload = tusUpload("offsets.bin");
        for (String offset : new String[] {"abc", "-1", "+0", " 0x1", "1e3", "0.0", "9999999999999999999", ""}) {
            assertClean(tusPatch(upload, offset, "0123456789"), 400, "Upload-Offset");
        }
        // A well-formed offset that is not the upload's own is a conflict; nothing was written.
        assertClean(tusPatch(upload, "3", "3456789"), 409);
        HttpResponse<String> head = api.send("HEAD", upload, api.ana, null, "Tus-Resumable", "1.0.0");
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("0");
        assertThat(tusPatch(upload, "0", "0123456789").statusCode()).isEqualTo(204);
    }

    @Test
    void aHugeUploadMetadataHeaderIsRefusedCleanly() {
        // Past the server's header limit: Jetty refuses the head with 431, still as a problem.
        String huge = AuthorizationMatrixTest.tusMetadata("big.bin") + ",pad "
                + java.util.Base64.getEncoder().encodeToString(new byte[32 * 1024]);
        assertClean(api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0", "Upload-Length", "10",
                "Upload-Metadata", huge), 431);
        // Within the header limit but past what user metadata may hold: 400 naming the metadata.
        String large = AuthorizationMatrixTest.tusMetadata("big.bin") + ",note "
                + java.util.Base64.getEncoder().encodeToString("n".repeat(9000).getBytes(StandardCharsets.UTF_8));
        assertClean(api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0", "Upload-Length", "10",
                "Upload-Metadata", large), 400, "metadata");
    }

    @Test
    void traversalLookingUploadFileNamesAreRefusedAndNamesStayLabels() {
        for (String fileName : new String[] {"../../etc/passwd", "..", "a/b", "..\\..\\win.ini"}) {
            HttpResponse<String> r = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                    "Upload-Length", "1", "Upload-Metadata", AuthorizationMatrixTest.tusMetadata(fileName));
            assertClean(r, 400, "file name");
        }
        assertClean(api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0", "Upload-Length", "1",
                "Upload-Metadata", AuthorizationMatrixTest.tusMetadata("x\u0000y")), 400, "control characters");
        // A document name is only a label: "../y" is kept as such when the file name is plain.
        String metadata = AuthorizationMatrixTest.tusMetadata("y.txt") + ",name "
                + java.util.Base64.getEncoder().encodeToString("../y".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> created = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "1", "Upload-Metadata", metadata);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        HttpResponse<String> done = tusPatch(created.headers().firstValue("Location").orElseThrow(), "0", "y");
        assertThat(done.statusCode()).isEqualTo(204);
        String id = done.headers().firstValue(TusRoutes.DOCUMENT_ID).orElseThrow();
        assertThat(ApiTest.ok(api.get("/api/v1/documents/" + id, api.ana), 200).get("name").asText()).isEqualTo("../y");
        assertClean(api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0", "Upload-Length", "1",
                "Upload-Metadata", "filename not-base64!"), 400, "base64");
    }

    @Test
    void unknownRoutesAndWrongMethodsAreProblems() {
        assertClean(api.get("/api/v1/nothing-here", api.ana), 404);
        assertClean(api.get("/api/v2/documents", api.ana), 404);
        assertClean(api.send("DELETE", "/api/v1/queues", api.root, null), 405);
        assertClean(api.send("PUT", "/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV", api.root, "{}"), 405);
        assertClean(api.send("PATCH", "/api/v1/usage", api.ana, "{}"), 405);
    }

    @Test
    void requestsTheServerWouldHaveToGuessAtAreRefused() throws java.io.IOException {
        String twoTokens = dev.stowage.testing.RawHttp.exchange(api.port, "GET /api/v1/usage HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + api.ana + "\r\nAuthorization: Bearer " + api.ben + "\r\n\r\n", false);
        assertThat(twoTokens).startsWith("HTTP/1.1 400 ").contains("more than one Authorization header")
                .doesNotContain(api.ana, api.ben);

        int before = ApiTest.ok(api.get("/api/v1/documents?limit=1000", api.ana), 200).get("items").size();
        String gzip = dev.stowage.testing.RawHttp.exchange(api.port, "POST /api/v1/documents?name=gz HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer " + api.ana + "\r\nContent-Type: text/plain\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
                + "5\r\nhello\r\n0\r\n\r\n", false);
        assertThat(gzip).startsWith("HTTP/1.1 400 ").contains("Transfer-Encoding 'gzip' is not supported");
        assertThat(ApiTest.ok(api.get("/api/v1/documents?limit=1000", api.ana), 200).get("items")).hasSize(before);

        assertClean(api.post("/api/v1/queues/bad/jobs", api.ana, "{\"type\":\"t\",\"payload\":{\"x\":\"\\ud800\"}}"), 400,
                "field 'payload.x' holds a lone surrogate");
        assertClean(api.send("PUT", "/api/v1/templates/..%2Fx", api.root, "{\"queue\":\"q\",\"type\":\"t\"}"), 400);
        assertClean(api.send("PUT", "/api/v1/templates/x", api.root, "{\"queue\":\"../q\",\"type\":\"t\"}"), 400,
                "queue name '../q' may use only letters");
        assertThat(api.send("PUT", "/api/v1/templates/Quick%20Preview", api.root, "{\"queue\":\"render queue\",\"type\":\"t\"}")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void detailsNeverQuoteThePathNorATokenAndA505SaysOnlyWhatIsTrue() throws java.io.IOException {
        HttpResponse<String> notFound = api.get("/api/v1/nothing/" + api.ana, api.ana);
        assertClean(notFound, 404);
        assertThat(notFound.body()).doesNotContain(api.ana).contains("There is no resource at this path");
        assertClean(api.get("/api/v1/jobs/" + api.ben, api.ana), 400, "[redacted]");

        for (String version : new String[] {"HTTP/1.2", "HTTP/3.0", "HTTP/9.9"}) {
            String answer = dev.stowage.testing.RawHttp.exchange(api.port, "GET /health " + version + "\r\nHost: x\r\n\r\n", true);
            assertThat(dev.stowage.testing.RawHttp.status(answer)).as(answer).isEqualTo(505);
            assertThat(answer).contains("application/problem+json", "HTTP/1.1 and HTTP/1.0 only").doesNotContain("failed", "logged");
        }
    }

    @Test
    void timesPastTheirBoundsAreA400NamingTheBounds() {
        assertClean(api.get("/api/v1/jobs?createdFrom=-999999999-01-01T00:00:00Z", api.root), 400,
                "query parameter 'createdFrom' must be between 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z");
        assertClean(api.get("/api/v1/queues/q/stats?window=P99999999999D", api.root), 400,
                "query parameter 'window' must be between PT0.001S and PT87600H");
        assertClean(api.post("/api/v1/jobs/purge", api.root, "{\"olderThan\":\"P9999999999999D\"}"), 400,
                "field 'olderThan' must be between PT0S and PT87600H");
    }

    @Test
    void malformedCredentialsAreA401WithoutEcho() {
        for (String header : new String[] {"Basic YW5hOnB3", "Bearer", "Bearer ", "bearer x", "Token abc", "Bearer " + "z".repeat(5000)}) {
            HttpResponse<String> r = api.get("/api/v1/usage", null, "Authorization", header);
            assertClean(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).isPresent();
            assertThat(r.body()).doesNotContain("YW5hOnB3", "zzzz", "abc");
        }
    }

    // ---- programs ----

    @Test
    void markupInNamesAndDescriptionsIsStoredAsTextAndServedAsJsonOnly() throws IOException {
        String name = "<script>alert('x')</script>";
        String description = "<img src=x onerror=alert(1)> \" & ' \u2028";
        HttpResponse<String> created = api.post(ProgramRoutes.BASE, api.ana, ProgramRoutesTest.JSON.writeValueAsString(
                java.util.Map.of("name", name, "description", description, "config", java.util.Map.of("html", "<b>"))));
        com.fasterxml.jackson.databind.JsonNode p = ApiTest.ok(created, 201);
        HttpResponse<String> read = api.get(ProgramRoutes.BASE + "/" + p.get("id").asText(), api.ben);
        assertThat(read.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        com.fasterxml.jackson.databind.JsonNode back = ProgramRoutesTest.JSON.readTree(read.body());
        assertThat(back.get("name").asText()).isEqualTo(name);
        assertThat(back.get("description").asText()).isEqualTo(description);
        assertThat(back.get("config").get("html").asText()).isEqualTo("<b>");
    }

    @Test
    void badBodiesAreA400NamingTheField() {
        String id = api.program("strict");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{}"), 400, "'name'");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":5}"), 400, "'name'");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"\"}"), 400, "name");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\" padded \"}"), 400, "white space");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"" + "n".repeat(201) + "\"}"), 400, "name");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"colour\":1}"), 400, "unknown field 'colour'");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"config\":null}"), 400, "'config'");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"configSchemaVersion\":\"1\"}"), 400, "configSchemaVersion");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"configSchemaVersion\":-1}"), 400, "configSchemaVersion");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"active\":\"yes\"}"), 400, "'active'");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"x\",\"description\":\"" + "d".repeat(4001) + "\"}"), 400, "description");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "[1]"), 400, "JSON object");
        assertClean(api.post(ProgramRoutes.BASE, api.ana, "{\"name\":\"strict\"}"), 409, "already exists");
        assertClean(api.send("PATCH", ProgramRoutes.BASE + "/" + id, api.ana, "{\"config\":{\"a\":1,\"a\":2}}", "If-Match", "*"), 400);
        assertClean(api.get(ProgramRoutes.BASE + "/not-a-ulid", api.ana), 400);
        assertClean(api.get(ProgramRoutes.BASE + "/..%2F..%2Fetc", api.ana), 400);
        assertClean(api.get(ProgramRoutes.BASE + "/01ARZ3NDEKTSV4RRFFQ69G5FAV", api.ana), 404);
    }

    @Test
    void badProgramVersionsAreA400AndUnknownOnesA404() {
        String id = api.program("versions");
        String base = ProgramRoutes.BASE + "/" + id;
        for (String bad : new String[] {"0", "-1", "abc", "1.5", "99999999999999999999", "%20", "1e3"}) {
            assertClean(api.get(base + "/revisions/" + bad, api.ana), 400, "version");
            assertClean(api.get(base + "/diff?from=1&to=" + bad, api.ana), 400, "'to'");
            assertClean(api.send("POST", base + "/revisions/" + bad + "/restore", api.ana, null, "If-Match", "*"), 400, "version");
        }
        assertClean(api.get(base + "/diff?from=1", api.ana), 400, "'to'");
        assertClean(api.get(base + "/diff?from=x&to=1", api.ana), 400, "'from'");
        assertClean(api.get(base + "/revisions/2", api.ana), 404, "no version 2");
        assertClean(api.send("PATCH", base, api.ana, "{}", "If-Match", "v1"), 412);
        assertClean(api.send("PATCH", base, api.ana, "{}", "If-Match", "W/\"v1\""), 412);
    }

    @Test
    void hugeConfigsAreA413() {
        String overLimit = "{\"name\":\"huge\",\"config\":{\"blob\":\"" + "x".repeat(TestApi.MAX_CONFIG_BYTES) + "\"}}";
        assertClean(api.post(ProgramRoutes.BASE, api.ana, overLimit), 413, "program config");
        String overBody = "{\"name\":\"huger\",\"config\":{\"blob\":\"" + "x".repeat(2 << 20) + "\"}}";
        api.sendRefused(HttpRequest.newBuilder(api.uri(ProgramRoutes.BASE)).header("Authorization", "Bearer " + api.ana)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(overBody)).build())
                .ifPresent(r -> assertClean(r, 413));
        String deep = "{\"name\":\"deep\",\"config\":" + "[".repeat(2000) + "]".repeat(2000) + "}";
        assertClean(api.post(ProgramRoutes.BASE, api.ana, deep), 400);
        assertThat(ApiTest.ok(api.get(ProgramRoutes.BASE + "?name=huge", api.ana), 200).get("items")).as("nothing was stored").isEmpty();
    }
}
