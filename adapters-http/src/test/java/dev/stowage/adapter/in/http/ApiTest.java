package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every route's happy path over real HTTP, and the remote-worker flow. One server for the class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    TestApi api;

    @BeforeAll
    void start() {
        api = new TestApi();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.body(), e);
        }
    }

    static JsonNode ok(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return json(r);
    }

    @Test
    void enqueueOneAndABatchThenFollowAndListThem() {
        JsonNode one = ok(api.post("/api/v1/queues/mail/jobs", api.ana,
                "{\"type\":\"send\",\"payload\":{\"to\":\"x@y\"},\"priority\":5,\"estimatedDuration\":\"PT5S\"}"), 201);
        assertThat(one.get("state").asText()).isEqualTo("pending");
        assertThat(one.get("payload").get("to").asText()).isEqualTo("x@y");
        assertThat(one.get("estimatedDuration").asText()).isEqualTo("PT5S");
        String id = one.get("id").asText();

        JsonNode batch = ok(api.post("/api/v1/queues/mail/jobs", api.ana,
                "{\"jobs\":[{\"type\":\"send\"},{\"type\":\"send\",\"dedupKey\":\"k1\"},{\"type\":\"send\",\"dedupKey\":\"k1\"}]}"), 201);
        assertThat(batch.get("items")).hasSize(3);
        assertThat(batch.get("items").get(2).get("created").asBoolean()).isFalse();

        HttpResponse<String> dedup = api.post("/api/v1/queues/mail/jobs", api.ben, "{\"type\":\"send\",\"dedupKey\":\"k1\"}");
        assertThat(dedup.statusCode()).isEqualTo(200);

        JsonNode got = ok(api.get("/api/v1/jobs/" + id, api.ben), 200);
        assertThat(got.get("id").asText()).isEqualTo(id);

        JsonNode page1 = ok(api.get("/api/v1/jobs?queue=mail&state=pending&type=send&limit=2", api.root), 200);
        assertThat(page1.get("items")).hasSize(2);
        String next = page1.get("next").asText();
        JsonNode page2 = ok(api.get("/api/v1/jobs?queue=mail&state=pending&limit=2&cursor="
                + URLEncoder.encode(next, StandardCharsets.UTF_8), api.root), 200);
        assertThat(page2.get("items")).hasSize(1);
        assertThat(page2.has("next")).isFalse();
        JsonNode window = ok(api.get("/api/v1/jobs?createdFrom=2029-12-31T00:00:00Z&createdBefore=2030-01-02T00:00:00Z", api.root), 200);
        assertThat(window.get("items").size()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void operatorsSteerQueuesAndJobs() {
        String id = ok(api.post("/api/v1/queues/ops/jobs", api.ana, "{\"type\":\"t\"}"), 201).get("id").asText();
        assertThat(ok(api.post("/api/v1/jobs/" + id + "/cancel", api.root, null), 200).get("state").asText()).isEqualTo("cancelled");
        assertThat(ok(api.post("/api/v1/jobs/" + id + "/retry", api.root, null), 200).get("state").asText()).isEqualTo("pending");
        assertThat(ok(api.post("/api/v1/queues/ops/pause", api.root, null), 200).get("paused").asBoolean()).isTrue();
        assertThat(ok(api.post("/api/v1/queues/ops/resume", api.root, null), 200).get("paused").asBoolean()).isFalse();
        JsonNode settings = ok(api.send("PUT", "/api/v1/queues/ops/settings", api.root,
                "{\"maxConcurrency\":3,\"leaseDuration\":\"PT1M\",\"backoff\":{\"initial\":\"PT2S\"}}"), 200);
        assertThat(settings.get("maxConcurrency").asInt()).isEqualTo(3);
        assertThat(settings.get("backoff").get("initial").asText()).isEqualTo("PT2S");
        assertThat(ok(api.get("/api/v1/queues/ops/settings", api.root), 200).get("leaseDuration").asText()).isEqualTo("PT1M");
        assertThat(ok(api.get("/api/v1/queues", api.root), 200).get("items").toString()).contains("\"ops\"");
        JsonNode stats = ok(api.get("/api/v1/queues/ops/stats?window=PT2H", api.root), 200);
        assertThat(stats.get("counts").get("pending").asLong()).isEqualTo(1);
        assertThat(ok(api.post("/api/v1/jobs/recover", api.root, null), 200).has("requeued")).isTrue();
        assertThat(ok(api.post("/api/v1/jobs/purge", api.root, "{\"olderThan\":\"P30D\"}"), 200).get("deleted").asLong()).isZero();
    }

    @Test
    void templatesAreWrittenByAdministratorsAndUsedByUsers() {
        String path = "/api/v1/templates/" + URLEncoder.encode("Quick Preview", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode t = ok(api.send("PUT", path, api.root,
                "{\"description\":\"fast\",\"queue\":\"render\",\"type\":\"preview\",\"payload\":{\"dpi\":72,\"fmt\":\"png\"},\"priority\":3}"), 200);
        assertThat(t.get("name").asText()).isEqualTo("Quick Preview");
        assertThat(t.get("createdBy").asText()).isEqualTo("root");
        assertThat(ok(api.get(path, api.ana), 200).get("payload").get("dpi").asInt()).isEqualTo(72);
        assertThat(ok(api.get("/api/v1/templates", api.ana), 200).get("items")).hasSize(1);

        JsonNode plain = ok(api.post(path + "/jobs", api.ana, null), 201);
        assertThat(plain.get("queue").asText()).isEqualTo("render");
        assertThat(plain.get("priority").asInt()).isEqualTo(3);
        JsonNode over = ok(api.post(path + "/jobs", api.ana, "{\"payload\":{\"dpi\":300},\"priority\":9}"), 201);
        assertThat(over.get("queue").asText()).isEqualTo("render");
        assertThat(over.get("payload").get("dpi").asInt()).isEqualTo(300);
        assertThat(over.get("payload").get("fmt").asText()).isEqualTo("png");
        assertThat(over.get("priority").asInt()).isEqualTo(9);

        assertThat(api.send("DELETE", path, api.root, null).statusCode()).isEqualTo(204);
        assertThat(api.get(path, api.ana).statusCode()).isEqualTo(404);
    }

    @Test
    void remoteWorkerClaimsWaitsHeartbeatsAndCompletes() throws Exception {
        // A waiting claim is woken by an enqueue made while it waits.
        CompletableFuture<HttpResponse<String>> waiting = CompletableFuture.supplyAsync(() ->
                api.post("/api/v1/queues/remote/claim", api.ben, "{\"worker\":\"w1\",\"max\":2,\"leaseSeconds\":30,\"waitSeconds\":20}"));
        awaitWaitingClaim();
        String id = ok(api.post("/api/v1/queues/remote/jobs", api.ana, "{\"type\":\"t\",\"payload\":{\"n\":1}}"), 201).get("id").asText();
        JsonNode claimed = ok(waiting.get(20, TimeUnit.SECONDS), 200);
        assertThat(claimed.get("jobs")).hasSize(1);
        JsonNode job = claimed.get("jobs").get(0);
        assertThat(job.get("id").asText()).isEqualTo(id);
        assertThat(job.get("state").asText()).isEqualTo("running");
        String lease = job.get("lease").get("id").asText();
        assertThat(job.get("lease").get("worker").asText()).isEqualTo("w1");

        // Others never see the lease id.
        assertThat(ok(api.get("/api/v1/jobs/" + id, api.ana), 200).get("lease").has("id")).isFalse();

        JsonNode beat = ok(api.post("/api/v1/jobs/" + id + "/heartbeat", api.ben,
                "{\"lease\":\"" + lease + "\",\"progress\":{\"percent\":50,\"message\":\"half\"}}"), 200);
        assertThat(beat.get("cancelRequested").asBoolean()).isFalse();
        assertThat(beat.get("progress").get("percent").asInt()).isEqualTo(50);

        ok(api.post("/api/v1/jobs/" + id + "/cancel", api.root, null), 200);
        beat = ok(api.post("/api/v1/jobs/" + id + "/heartbeat", api.ben, "{\"lease\":\"" + lease + "\"}"), 200);
        assertThat(beat.get("cancelRequested").asBoolean()).isTrue();

        JsonNode done = ok(api.post("/api/v1/jobs/" + id + "/complete", api.ben,
                "{\"lease\":\"" + lease + "\",\"result\":{\"files\":[\"a.png\"]}}"), 200);
        assertThat(done.get("state").asText()).isEqualTo("completed");
        assertThat(done.get("result").get("files").get(0).asText()).isEqualTo("a.png");

        HttpResponse<String> again = api.post("/api/v1/jobs/" + id + "/complete", api.ben, "{\"lease\":\"" + lease + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("urn:stowage:problem:lease-lost");
    }

    @Test
    void aLeaseThatExpiredAndWasRecoveredIsLost() {
        ok(api.post("/api/v1/queues/stale/jobs", api.ana, "{\"type\":\"t\"}"), 201);
        JsonNode first = ok(api.post("/api/v1/queues/stale/claim", api.ben, "{\"worker\":\"w1\",\"leaseSeconds\":5}"), 200).get("jobs").get(0);
        String id = first.get("id").asText();
        String oldLease = first.get("lease").get("id").asText();
        api.clock.advance(Duration.ofSeconds(10));
        ok(api.post("/api/v1/jobs/recover", api.root, null), 200);
        JsonNode second = ok(api.post("/api/v1/queues/stale/claim", api.ben, "{\"worker\":\"w2\"}"), 200).get("jobs").get(0);
        assertThat(second.get("id").asText()).isEqualTo(id);

        for (String action : List.of("heartbeat", "complete", "release")) {
            HttpResponse<String> r = api.post("/api/v1/jobs/" + id + "/" + action, api.ben, "{\"lease\":\"" + oldLease + "\"}");
            assertThat(r.statusCode()).as(action).isEqualTo(409);
            assertThat(r.body()).contains("\"code\":\"LEASE_LOST\"", "urn:stowage:problem:lease-lost");
        }
        HttpResponse<String> fail = api.post("/api/v1/jobs/" + id + "/fail", api.ben, "{\"lease\":\"" + oldLease + "\",\"error\":\"x\"}");
        assertThat(fail.statusCode()).isEqualTo(409);

        String lease = second.get("lease").get("id").asText();
        assertThat(ok(api.post("/api/v1/jobs/" + id + "/fail", api.ben, "{\"lease\":\"" + lease + "\",\"error\":\"boom\"}"), 200)
                .get("lastError").asText()).isEqualTo("boom");
    }

    @Test
    void releaseGivesTheJobBackAndAnEmptyClaimAnswersNoJobs() {
        ok(api.post("/api/v1/queues/rel/jobs", api.ana, "{\"type\":\"t\"}"), 201);
        JsonNode job = ok(api.post("/api/v1/queues/rel/claim", api.ben, "{\"worker\":\"w\"}"), 200).get("jobs").get(0);
        JsonNode back = ok(api.post("/api/v1/jobs/" + job.get("id").asText() + "/release", api.ben,
                "{\"lease\":\"" + job.get("lease").get("id").asText() + "\"}"), 200);
        assertThat(back.get("state").asText()).isEqualTo("pending");
        assertThat(ok(api.post("/api/v1/queues/empty/claim", api.ben, "{\"worker\":\"w\",\"waitSeconds\":0}"), 200).get("jobs")).isEmpty();
    }

    private void awaitWaitingClaim() throws InterruptedException {
        // The claim is waiting once a claim thread exists; poll the thread list, bounded.
        for (int i = 0; i < 500; i++) {
            if (Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().startsWith("stowage-http-claim-")
                    && t.getState() == Thread.State.TIMED_WAITING)) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the claim never started waiting");
    }

    // --- documents -------------------------------------------------------------------------------

    @Test
    void documentsUploadDescribeDownloadChangeReplaceListAndDelete() {
        byte[] bytes = "hello, stowage: 0123456789".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> up = api.upload(api.ana, "name=greeting&fileName=" + enc("grüße \"1\".txt") + "&meta.lang=en",
                bytes, "text/plain; charset=utf-8");
        JsonNode doc = ok(up, 201);
        String id = doc.get("id").asText();
        assertThat(up.headers().firstValue("Location")).hasValue("/api/v1/documents/" + id);
        assertThat(up.headers().firstValue("ETag")).hasValue("\"v1\"");
        assertThat(doc.get("mimeType").asText()).isEqualTo("text/plain");
        assertThat(doc.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(doc.get("visibility").asText()).isEqualTo("private");
        assertThat(doc.get("metadata").get("lang").asText()).isEqualTo("en");

        HttpResponse<String> meta = api.get("/api/v1/documents/" + id, api.ana);
        assertThat(ok(meta, 200).get("name").asText()).isEqualTo("greeting");
        assertThat(api.get("/api/v1/documents/" + id, api.ana, "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);

        HttpResponse<String> whole = api.get("/api/v1/documents/" + id + "/content", api.ana);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(new String(bytes, StandardCharsets.UTF_8));
        assertThat(whole.headers().firstValue("Content-Disposition")).hasValue(
                "attachment; filename=\"gr__e _1_.txt\"; filename*=UTF-8''gr%C3%BC%C3%9Fe%20%221%22.txt");
        assertThat(whole.headers().firstValue("Accept-Ranges")).hasValue("bytes");
        assertThat(whole.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");

        HttpResponse<String> part = api.get("/api/v1/documents/" + id + "/content", api.ana, "Range", "bytes=7-13");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo("stowage");
        assertThat(part.headers().firstValue("Content-Range")).hasValue("bytes 7-13/" + bytes.length);
        assertThat(api.get("/api/v1/documents/" + id + "/content", api.ana, "Range", "bytes=-4").body()).isEqualTo("6789");
        assertThat(api.get("/api/v1/documents/" + id + "/content", api.ana, "Range", "bytes=0-1,4-5").statusCode()).isEqualTo(200);
        assertThat(api.get("/api/v1/documents/" + id + "/content", api.ana, "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);
        assertThat(api.get("/api/v1/documents/" + id + "/content", api.ana, "Range", "bytes=0-1", "If-Range", "\"v0\"").statusCode())
                .isEqualTo(200);

        HttpResponse<String> patched = api.send("PATCH", "/api/v1/documents/" + id, api.ana,
                "{\"name\":\"hello\",\"visibility\":\"public\",\"metadata\":{\"lang\":null,\"k\":\"v\"}}", "If-Match", "\"v1\"");
        JsonNode p = ok(patched, 200);
        assertThat(p.get("version").asLong()).isEqualTo(2);
        assertThat(p.get("metadata").toString()).isEqualTo("{\"k\":\"v\"}");
        assertThat(patched.headers().firstValue("ETag")).hasValue("\"v2\"");

        HttpResponse<String> replaced = api.send("PUT", "/api/v1/documents/" + id + "/content", api.ana, "{\"new\":true}",
                "If-Match", "\"v2\"", "Content-Type", "application/json");
        assertThat(ok(replaced, 200).get("mimeType").asText()).isEqualTo("application/json");
        assertThat(api.get("/api/v1/documents/" + id + "/content", null).body()).isEqualTo("{\"new\":true}");

        JsonNode mine = ok(api.get("/api/v1/documents?sort=name&order=asc&namePrefix=hel&mimeType=application/*", api.ana), 200);
        assertThat(mine.get("items")).hasSize(1);
        JsonNode pub = ok(api.get("/api/v1/public/documents", null), 200);
        assertThat(pub.get("items").toString()).contains(id);
        JsonNode usage = ok(api.get("/api/v1/usage", api.ana), 200);
        assertThat(usage.get("documents").asLong()).isEqualTo(1);
        assertThat(ok(api.get("/api/v1/users/ana/usage", api.root), 200).get("bytes").asLong()).isEqualTo(12);

        assertThat(api.send("DELETE", "/api/v1/documents/" + id, api.ana, null, "If-Match", "\"v1\"").statusCode()).isEqualTo(412);
        assertThat(api.send("DELETE", "/api/v1/documents/" + id, api.ana, null, "If-Match", "\"v3\"").statusCode()).isEqualTo(204);
        assertThat(api.get("/api/v1/documents/" + id, api.ana).statusCode()).isEqualTo(404);
    }

    @Test
    void preconditionsAndChecksumsAreEnforced() {
        byte[] bytes = "checksummed".getBytes(StandardCharsets.UTF_8);
        String hex = sha256Hex(bytes);
        String b64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
        JsonNode ok = ok(api.upload(api.ben, "name=sum1", bytes, "text/plain", "X-Checksum-SHA256", hex), 201);
        assertThat(ok.get("sha256").asText()).isEqualTo(hex);
        ok(api.upload(api.ben, "name=sum2", bytes, "text/plain", "Content-Digest", "sha-256=:" + b64 + ":"), 201);
        HttpResponse<String> bad = api.upload(api.ben, "name=sum3", bytes, "text/plain", "X-Checksum-SHA256", "0".repeat(64));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("CHECKSUM_MISMATCH");

        String id = ok.get("id").asText();
        assertThat(api.send("PATCH", "/api/v1/documents/" + id, api.ben, "{\"name\":\"x\"}").statusCode()).isEqualTo(428);
        assertThat(api.send("PATCH", "/api/v1/documents/" + id, api.ben, "{\"name\":\"x\"}", "If-Match", "\"v9\"").statusCode()).isEqualTo(412);
        assertThat(api.send("PATCH", "/api/v1/documents/" + id, api.ben, "{\"name\":\"x\"}", "If-Match", "W/\"v1\"").statusCode()).isEqualTo(412);
        assertThat(api.send("PUT", "/api/v1/documents/" + id + "/content", api.ben, "new").statusCode()).isEqualTo(428);
        assertThat(api.send("PATCH", "/api/v1/documents/" + id, api.ben, "{\"name\":\"sum2\"}", "If-Match", "*").statusCode()).isEqualTo(409);

        HttpRequest big = HttpRequest.newBuilder(api.uri(Api.V1 + "/documents?name=big"))
                .header("Authorization", "Bearer " + api.ben).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[(int) TestApi.MAX_DOCUMENT_BYTES + 1])).build();
        api.sendRefused(big).ifPresent(r -> assertThat(r.statusCode()).isEqualTo(413));
        assertThat(api.get("/api/v1/documents?namePrefix=big", api.ben).body()).doesNotContain("\"name\":\"big\"");
        // Document bodies are not held to the server's JSON limit: 2 MiB is refused by the document limit only.
        List<String> names = new ArrayList<>();
        names.add(ok(api.upload(api.ben, "name=almost-limit", new byte[(int) TestApi.MAX_DOCUMENT_BYTES], "application/octet-stream"), 201)
                .get("name").asText());
        assertThat(names).containsExactly("almost-limit");
    }

    @Test
    void headOfContentAnswersTheHeadersOfAWholeGetWithoutTheBytes() {
        byte[] bytes = "comma,separated\n1,2\n".getBytes(StandardCharsets.UTF_8);
        String id = ok(api.upload(api.ana, "name=head-probe&fileName=table.csv", bytes, "text/csv"), 201).get("id").asText();
        String path = "/api/v1/documents/" + id + "/content";
        HttpResponse<String> get = api.get(path, api.ana);
        HttpResponse<String> head = api.send("HEAD", path, api.ana, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(bytes.length));
        for (String h : new String[] {"ETag", "Last-Modified", "Cache-Control", "Content-Length", "Content-Type",
                "Accept-Ranges", "Content-Disposition", "Repr-Digest", "X-Content-Type-Options"}) {
            assertThat(head.headers().allValues(h)).as(h).isNotEmpty().isEqualTo(get.headers().allValues(h));
        }
        // Range belongs to GET: a HEAD describes the whole representation.
        HttpResponse<String> ranged = api.send("HEAD", path, api.ana, null, "Range", "bytes=0-3");
        assertThat(ranged.statusCode()).isEqualTo(200);
        assertThat(ranged.headers().firstValue("Content-Length")).hasValue(Integer.toString(bytes.length));
        String etag = head.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> unchanged = api.send("HEAD", path, api.ana, null, "If-None-Match", etag);
        assertThat(unchanged.statusCode()).isEqualTo(304);
        assertThat(api.send("HEAD", "/api/v1/documents/01ARZ3NDEKTSV4RRFFQ69G5FAV/content", api.ana, null).statusCode())
                .isEqualTo(404);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
