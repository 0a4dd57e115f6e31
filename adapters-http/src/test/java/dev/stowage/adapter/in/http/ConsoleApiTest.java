package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.EventReader.Sse;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.TokenScopes;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The API behind the web console, over real HTTP: search, bulk actions, the queue list with counts,
 * the throughput history and the live event stream, with their edges and hostile inputs.
 */
class ConsoleApiTest {
    static final QueueName MAIL = new QueueName("mail");
    static final QueueName SECRET = new QueueName("secret");

    TestApi api;
    String mailReader;

    @BeforeEach
    void start() {
        api = new TestApi();
        mailReader = api.tokens.issue(new UserId("rita"), false, TokenScopes.parse(List.of("read:mail")), "r").secret();
        for (QueueName q : List.of(MAIL, SECRET)) {
            api.queues.changeSettings(q, s -> new QueueSettings(s.queue(), false, 10_000, s.defaultMaxAttempts(),
                    s.backoff(), s.leaseDuration()));
        }
    }

    @AfterEach
    void stop() {
        api.close();
    }

    // ---------------------------------------------------------------- search

    @Test
    void searchFindsAJobByIdDedupKeyPrefixAndPayloadTextAndPages() {
        Job byKey = enqueue(MAIL, "{\"to\":\"a@example.com\"}", Optional.of("order-2031-0001"));
        Job byText = enqueue(MAIL, "{\"to\":\"ada@example.com\",\"subject\":\"Rechnung März\"}", Optional.empty());
        for (int i = 0; i < 5; i++) {
            enqueue(MAIL, "{\"to\":\"bulk" + i + "@example.com\"}", Optional.empty());
        }

        assertThat(ids(get("/api/v1/jobs?q=" + byKey.id().value()))).containsExactly(byKey.id().value());
        assertThat(ids(get("/api/v1/jobs?q=order-2031"))).containsExactly(byKey.id().value());
        assertThat(ids(get("/api/v1/jobs?q=" + enc("Rechnung März")))).containsExactly(byText.id().value());
        // combined with a filter, a page at a time
        JsonNode page = ApiTest.ok(api.get("/api/v1/jobs?queue=mail&state=pending&q=bulk&limit=2", api.root), 200);
        assertThat(page.get("items")).hasSize(2);
        var all = new ArrayList<String>(ids(page));
        while (page.has("next")) {
            page = ApiTest.ok(api.get("/api/v1/jobs?queue=mail&state=pending&q=bulk&limit=2&cursor="
                    + page.get("next").asText(), api.root), 200);
            all.addAll(ids(page));
        }
        assertThat(all).hasSize(5).doesNotHaveDuplicates();
        assertThat(ids(get("/api/v1/jobs?queue=secret&q=bulk"))).isEmpty();
    }

    @Test
    void hostileSearchTextIsPlainTextAndAnOverlongOneIsRefused() {
        Job odd = enqueue(MAIL, "{\"note\":\"100%_<script>alert(1)</script>'; DROP TABLE jobs; --\"}", Optional.empty());
        enqueue(MAIL, "{\"note\":\"plain\"}", Optional.empty());

        for (String q : List.of("%", "_", "100%_", "<script>", "'; DROP TABLE jobs; --", "\\")) {
            List<String> found = ids(get("/api/v1/jobs?q=" + enc(q)));
            assertThat(found).as(q).containsExactlyElementsOf(q.equals("\\") ? List.of() : List.of(odd.id().value()));
        }
        assertThat(ids(get("/api/v1/jobs?q=" + enc("%%%%")))).isEmpty();

        HttpResponse<String> tooLong = api.get("/api/v1/jobs?q=" + "x".repeat(201), api.root);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(tooLong.body()).contains("query parameter 'q'").contains("200");
        HttpResponse<String> control = api.get("/api/v1/jobs?q=" + enc("a\u0001b"), api.root);
        assertThat(control.statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/jobs?q=x", mailReader).statusCode()).isEqualTo(403);
    }

    // ---------------------------------------------------------------- bulk

    @Test
    void bulkRetryOfFiveHundredFailedJobsChangesTheCounts() {
        List<Job> failed = failedJobs(MAIL, 500);
        enqueue(MAIL, "{}", Optional.empty()); // pending: not matched
        String body = "{\"action\":\"retry\",\"filter\":{\"queue\":\"mail\",\"state\":\"failed\"}}";

        JsonNode dry = ApiTest.ok(api.post("/api/v1/jobs/bulk?dryRun=true", api.root, body), 200);
        assertThat(dry.get("action").asText()).isEqualTo("retry");
        assertThat(dry.get("matched").asLong()).isEqualTo(500);
        assertThat(dry.has("changed")).isFalse();
        assertThat(counts(MAIL).get("failed").asLong()).isEqualTo(500);

        JsonNode done = ApiTest.ok(api.post("/api/v1/jobs/bulk", api.root, body), 200);

        assertThat(done.get("matched").asLong()).isEqualTo(500);
        assertThat(done.get("changed").asLong()).isEqualTo(500);
        assertThat(done.get("skipped").asLong()).isZero();
        JsonNode counts = counts(MAIL);
        assertThat(counts.get("failed").asLong()).isZero();
        assertThat(counts.get("pending").asLong()).isEqualTo(501);
        assertThat(api.jobs.get(failed.get(0).id()).lastError()).contains("boom");
    }

    @Test
    void bulkByIdsCountsWhatItSkippedAndCancelMakesARunningJobsWorkerStop() {
        Job pending = enqueue(MAIL, "{}", Optional.empty());
        Job running = claim(enqueue(SECRET, "{}", Optional.empty()).queue());
        Job done = claim(enqueue(new QueueName("done"), "{}", Optional.empty()).queue());
        api.work.complete(done.id(), done.lease().orElseThrow().id(), Optional.empty());
        String ids = "[\"" + pending.id() + "\",\"" + running.id() + "\",\"" + done.id() + "\",\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"]";

        JsonNode r = ApiTest.ok(api.post("/api/v1/jobs/bulk", api.root, "{\"action\":\"cancel\",\"ids\":" + ids + "}"), 200);

        assertThat(r.get("matched").asLong()).isEqualTo(3);
        assertThat(r.get("changed").asLong()).isEqualTo(2);
        assertThat(r.get("skipped").asLong()).isEqualTo(1);
        assertThat(api.jobs.get(pending.id()).state()).isEqualTo(JobState.CANCELLED);
        // the worker learns it on its next heartbeat, as with a single cancel
        Job beat = api.work.heartbeat(running.id(), running.lease().orElseThrow().id(), Optional.empty());
        assertThat(beat.cancelRequested()).isTrue();

        JsonNode deleted = ApiTest.ok(api.post("/api/v1/jobs/bulk", api.root, "{\"action\":\"delete\",\"ids\":" + ids + "}"),
                200);
        assertThat(deleted.get("changed").asLong()).isEqualTo(2); // the cancelled and the completed one
        assertThat(api.get("/api/v1/jobs/" + done.id(), api.root).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/jobs/" + running.id(), api.root).statusCode()).isEqualTo(200);
    }

    @Test
    void bulkRefusesUsersAndMalformedBodiesNamingTheField() {
        String good = "{\"action\":\"retry\",\"filter\":{}}";
        assertThat(api.post("/api/v1/jobs/bulk", null, good).statusCode()).isEqualTo(401);
        HttpResponse<String> user = api.post("/api/v1/jobs/bulk", api.ana, good);
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(user.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("problem+json"));

        expect400("{}", "'action'");
        expect400("{\"action\":\"explode\",\"filter\":{}}", "'action'");
        expect400("{\"action\":\"retry\"}", "'filter'");
        expect400("{\"action\":\"retry\",\"filter\":{},\"ids\":[\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"]}", "'ids'");
        expect400("{\"action\":\"retry\",\"ids\":[]}", "'ids'");
        expect400("{\"action\":\"retry\",\"ids\":[null]}", "ids[0]");
        expect400("{\"action\":\"retry\",\"ids\":\"x\"}", "ids");
        expect400("{\"action\":\"retry\",\"ids\":[\"../../etc/passwd\"]}", "job id");
        expect400("{\"action\":\"retry\",\"filter\":{\"state\":\"broken\"}}", "filter.state");
        expect400("{\"action\":\"retry\",\"filter\":{\"queue\":\"mail\",\"colour\":\"red\"}}", "colour");
        expect400("{\"action\":\"retry\",\"filter\":{\"q\":\"" + "y".repeat(201) + "\"}}", "filter.q");
        expect400("{\"action\":\"retry\",\"filter\":{\"createdFrom\":\"yesterday\"}}", "createdFrom");
        expect400("[1,2,3]", "");
        expect400("{\"action\":", "");
        String tooMany = IntStream.range(0, 1001).mapToObj(i -> "\"01ARZ3NDEKTSV4RRFFQ69G5FAV\"")
                .reduce((a, b) -> a + "," + b).orElseThrow();
        expect400("{\"action\":\"retry\",\"ids\":[" + tooMany + "]}", "1000");
        expect400("{\"action\":\"retry\",\"filter\":{}}", "dryRun", "?dryRun=maybe");
    }

    // ---------------------------------------------------------------- queues and history

    @Test
    void theQueueListShowsCountsAndEachTokenOnlyItsReadableQueues() {
        enqueue(MAIL, "{}", Optional.empty());
        enqueue(SECRET, "{}", Optional.empty());

        JsonNode admin = ApiTest.ok(api.get("/api/v1/queues", api.root), 200);
        assertThat(admin.get("items").findValuesAsText("queue")).contains("mail", "secret");
        JsonNode reader = ApiTest.ok(api.get("/api/v1/queues", mailReader), 200);
        assertThat(reader.get("items").findValuesAsText("queue")).containsExactly("mail");
        assertThat(reader.get("items").get(0).get("counts").get("pending").asLong()).isEqualTo(1);
        assertThat(reader.get("items").get(0).get("counts").get("running").asLong()).isZero();
    }

    @Test
    void historyBucketsFinishedJobsAndRefusesWindowsOutOfBounds() {
        failedJobs(MAIL, 2);
        Job c = claim(enqueue(MAIL, "{}", Optional.empty()).queue());
        api.work.complete(c.id(), c.lease().orElseThrow().id(), Optional.empty());

        JsonNode h = ApiTest.ok(api.get("/api/v1/queues/mail/history?window=PT1H&step=PT1M", mailReader), 200);
        assertThat(h.get("buckets")).hasSize(60);
        long completed = 0;
        long failed = 0;
        for (JsonNode b : h.get("buckets")) {
            completed += b.get("completed").asLong();
            failed += b.get("failed").asLong();
        }
        assertThat(completed).isEqualTo(1);
        assertThat(failed).isEqualTo(2);
        assertThat(h.get("buckets").get(59).get("failed").asLong()).isEqualTo(2);
        assertThat(ApiTest.ok(api.get("/api/v1/queues/mail/history", api.root), 200).get("buckets")).hasSize(60);

        for (String bad : List.of("window=PT1S", "window=P90D", "step=PT0.5S", "step=P2D", "window=PT2M&step=PT5M",
                "window=P2D&step=PT1M", "window=soon")) {
            HttpResponse<String> r = api.get("/api/v1/queues/mail/history?" + bad, api.root);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(api.get("/api/v1/queues/mail/history?window=P90D", api.root).body()).contains("PT1M").contains("PT744H");
        assertThat(api.get("/api/v1/queues/secret/history", mailReader).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/queues/..%2Fx/history", api.root).statusCode()).isIn(400, 404);
    }

    @Test
    void anAdministratorListsAnOwnersDocumentsAndAUserOnlyItsOwn() {
        ApiTest.ok(api.upload(api.ana, "name=plan-a", "x".getBytes(StandardCharsets.UTF_8), "text/plain"), 201);
        ApiTest.ok(api.upload(api.ana, "name=notes", "y".getBytes(StandardCharsets.UTF_8), "text/plain"), 201);

        JsonNode all = ApiTest.ok(api.get("/api/v1/documents?owner=ana", api.root), 200);
        assertThat(all.get("items").findValuesAsText("name")).containsExactlyInAnyOrder("plan-a", "notes");
        JsonNode found = ApiTest.ok(api.get("/api/v1/documents?owner=ana&namePrefix=pla", api.root), 200);
        assertThat(found.get("items").findValuesAsText("name")).containsExactly("plan-a");
        assertThat(ApiTest.ok(api.get("/api/v1/documents?owner=ana", api.ana), 200).get("items")).hasSize(2);
        assertThat(api.get("/api/v1/documents?owner=ana", api.ben).statusCode()).isEqualTo(403);
        assertThat(api.get("/api/v1/documents?owner=" + enc("../ana"), api.root).statusCode()).isEqualTo(400);
    }

    @Test
    void anAdministratorDownloadsAndDeletesAnotherOwnersDocumentAndAnotherUserStillCannot() {
        String secret = ApiTest.ok(api.upload(api.ana, "name=ana-secret", "private bytes".getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201).get("id").asText();
        String open = ApiTest.ok(api.upload(api.ana, "name=ana-open&visibility=public", "open".getBytes(StandardCharsets.UTF_8),
                "text/plain"), 201).get("id").asText();

        // another user: the private one is not found, the public one may be read but not deleted
        assertThat(api.get("/api/v1/documents/" + secret + "/content", api.ben).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/documents/" + secret, api.ben, null).statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", "/api/v1/documents/" + open, api.ben, null).statusCode()).isEqualTo(403);
        // nor changed by the administrator, who may read and delete but not change another owner's
        assertThat(api.send("PATCH", "/api/v1/documents/" + secret, api.root, "{\"name\":\"renamed\"}", "If-Match", "*")
                .statusCode()).isEqualTo(404);

        HttpResponse<String> content = api.get("/api/v1/documents/" + secret + "/content", api.root);
        assertThat(content.statusCode()).isEqualTo(200);
        assertThat(content.body()).isEqualTo("private bytes");
        String etag = content.headers().firstValue("ETag").orElseThrow();
        // a stale version is refused, the current one deleted: the console sends If-Match
        assertThat(api.send("DELETE", "/api/v1/documents/" + secret, api.root, null, "If-Match", "\"v99\"").statusCode())
                .isEqualTo(412);
        assertThat(api.send("DELETE", "/api/v1/documents/" + secret, api.root, null, "If-Match", etag).statusCode())
                .isEqualTo(204);
        assertThat(api.send("DELETE", "/api/v1/documents/" + open, api.root, null).statusCode()).isEqualTo(204);

        assertThat(api.get("/api/v1/documents/" + secret, api.ana).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents/" + secret, api.root).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/documents?owner=ana", api.ana).body()).doesNotContain(secret).doesNotContain(open);
    }

    // ---------------------------------------------------------------- live events

    @Test
    void aStreamSendsTheStateAtOnceThenEachChangeAndFollowsAJob() throws Exception {
        Job job = enqueue(MAIL, "{}", Optional.empty());
        try (var stream = open("/api/v1/events?job=" + job.id(), api.root, "Last-Event-ID", "not-an-id-at-all")) {
            List<Sse> first = stream.reader.until("job");
            Sse queues = first.stream().filter(e -> "queues".equals(e.event())).findFirst().orElseThrow();
            assertThat(queues.id()).isNotBlank();
            assertThat(ApiTest.JSON.readTree(queues.data()).toString())
                    .isEqualTo(ApiTest.ok(api.get("/api/v1/queues", api.root), 200).toString());
            assertThat(ApiTest.JSON.readTree(first.get(first.size() - 1).data()).get("state").asText()).isEqualTo("pending");

            claim(MAIL);

            Sse changed = last(stream.reader.until("job"));
            assertThat(ApiTest.JSON.readTree(changed.data()).toString())
                    .isEqualTo(ApiTest.ok(api.get("/api/v1/jobs/" + job.id(), api.root), 200).toString());
            assertThat(ApiTest.JSON.readTree(changed.data()).get("state").asText()).isEqualTo("running");
        }
    }

    @Test
    void aUserSeesOnlyItsQueuesNoBackupsAndNoJobItMayNotRead() throws Exception {
        enqueue(SECRET, "{}", Optional.empty());
        Job hidden = enqueue(SECRET, "{}", Optional.empty());
        try (var stream = open("/api/v1/events", mailReader)) {
            Sse queues = last(stream.reader.until("queues"));
            assertThat(queues.data()).doesNotContain("secret");
            enqueue(MAIL, "{}", Optional.empty());
            Sse next = last(stream.reader.until("queues"));
            assertThat(ApiTest.JSON.readTree(next.data()).get("items").findValuesAsText("queue")).containsExactly("mail");
        }
        try (var admin = open("/api/v1/events", api.root)) {
            List<Sse> events = new ArrayList<>();
            events.addAll(admin.reader.until("backups"));
            assertThat(last(events).data()).contains("tooOld");
        }
        assertThat(api.events("/api/v1/events?job=" + hidden.id(), mailReader, 1).statusCode()).isEqualTo(404);
        assertThat(api.events("/api/v1/events?job=nope", api.root, 1).statusCode()).isEqualTo(400);
        assertThat(api.events("/api/v1/events", null, 1).statusCode()).isEqualTo(401);
        assertThat(api.events("/api/v1/events", "stw_bogus", 1).statusCode()).isEqualTo(401);
    }

    @Test
    void fiftyStreamsShareOnePollerAndAllGetTheirEvents() throws Exception {
        var streams = new ArrayList<OpenStream>();
        try {
            for (int i = 0; i < 50; i++) {
                streams.add(open("/api/v1/events", i % 2 == 0 ? api.root : mailReader));
            }
            for (OpenStream s : streams) {
                s.reader.until("queues");
            }
            assertThat(api.server.events().open()).isEqualTo(50);
            enqueue(MAIL, "{}", Optional.empty());
            var all = new ArrayList<CompletableFuture<Sse>>();
            for (OpenStream s : streams) {
                all.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return last(s.reader.until("queues"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
            }
            for (var f : all) {
                assertThat(f.get(60, TimeUnit.SECONDS).data()).contains("\"pending\":1");
            }
        } finally {
            streams.forEach(OpenStream::close);
        }
    }

    @Test
    void aClientThatNeverReadsHoldsOnlyTheLatestStateAndOthersGoOn() throws Exception {
        try (Socket idle = new Socket("127.0.0.1", api.port)) {
            OutputStream out = idle.getOutputStream();
            out.write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + api.root
                    + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            // the idle client reads nothing from here on
            try (var reading = open("/api/v1/events", api.root)) {
                reading.reader.until("queues");
                for (int i = 1; i <= 5; i++) {
                    enqueue(MAIL, "{}", Optional.empty());
                    // states in between may be coalesced away; the latest always arrives
                    Sse e;
                    do {
                        e = last(reading.reader.until("queues"));
                    } while (!e.data().contains("\"pending\":" + i + ","));
                }
                assertThat(api.server.events().open()).isEqualTo(2);
            }
        }
        // both clients gone: their streams end at the next write (a heartbeat at the latest)
        api.server.events().heartbeat(Duration.ofMillis(50));
        enqueue(MAIL, "{}", Optional.empty());
        while (api.server.events().open() > 0) {
            Thread.sleep(20);
        }
        assertThat(api.get("/health", null).statusCode()).isEqualTo(200);
    }

    @Test
    void heartbeatsKeepAStreamOpenPastTheIdleTimeout() throws Exception {
        api.server.idleTimeout(Duration.ofMillis(400));
        api.server.events().heartbeat(Duration.ofMillis(50));
        try (var stream = open("/api/v1/events", api.root)) {
            stream.reader.until("queues");
            int comments = 0;
            // 40 heartbeats span five idle timeouts: a stream the timeout cut would end first
            while (comments < 40) {
                Sse e = stream.reader.next();
                assertThat(e).as("the stream ended after " + comments + " heartbeats").isNotNull();
                if (e.comment() != null) {
                    comments++;
                }
            }
        }
    }

    @Test
    void curlReadsTheStreamWithTheTokenInAHeader() throws Exception {
        Path curl = CurlTest.CURL;
        assumeTrue(Files.isExecutable(curl), "curl is not installed at " + curl);
        Path dir = Files.createTempDirectory("sse-curl");
        Path auth = dir.resolve("auth");
        Files.writeString(auth, "Authorization: Bearer " + api.root + "\n");
        Process p = new ProcessBuilder(curl.toString(), "-N", "-s", "-H", "@" + auth, "--max-time", "60",
                "http://127.0.0.1:" + api.port + "/api/v1/events").redirectErrorStream(true).start();
        try (InputStream in = p.getInputStream()) {
            List<Sse> events = new EventReader(in).until("queues");
            assertThat(last(events).data()).startsWith("{\"items\":");
            assertThat(last(events).id()).isNotBlank();
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
            Files.deleteIfExists(auth);
            Files.deleteIfExists(dir);
        }
    }

    // ---------------------------------------------------------------- helpers

    record OpenStream(HttpResponse<InputStream> response, EventReader reader) implements AutoCloseable {
        @Override
        public void close() {
            try {
                response.body().close();
            } catch (java.io.IOException ignored) {
                // closing is all that matters here
            }
        }
    }

    OpenStream open(String path, String token, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).GET().header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<InputStream> r = api.client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        return new OpenStream(r, new EventReader(r.body()));
    }

    static Sse last(List<Sse> events) {
        return events.get(events.size() - 1);
    }

    void expect400(String body, String names, String... query) {
        HttpResponse<String> r = api.post("/api/v1/jobs/bulk" + (query.length > 0 ? query[0] : ""), api.root, body);
        assertThat(r.statusCode()).as(body).isEqualTo(400);
        assertThat(r.body()).as(body).contains(names).doesNotContain("Exception").doesNotContain("at dev.");
    }

    Job enqueue(QueueName queue, String payload, Optional<String> dedup) {
        EnqueueCommand c = EnqueueCommand.of(queue, new JobType("t"), JsonText.of(payload));
        c = new EnqueueCommand(c.queue(), c.type(), c.payload(), c.priority(), Optional.of(1), c.runAt(), dedup,
                c.estimatedDuration());
        return api.enqueue.enqueue(c).job();
    }

    Job claim(QueueName queue) {
        try {
            return api.work.claim(queue, new WorkerId("w"), 1, Optional.empty(), Duration.ZERO).get(0);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Job> failedJobs(QueueName queue, int count) {
        var commands = new ArrayList<EnqueueCommand>();
        for (int i = 0; i < count; i++) {
            commands.add(EnqueueCommand.of(queue, new JobType("t"), JsonText.of("{\"n\":" + i + "}")).withMaxAttempts(1));
        }
        api.enqueue.enqueueBatch(commands);
        var out = new ArrayList<Job>();
        try {
            while (out.size() < count) {
                for (Job j : api.work.claim(queue, new WorkerId("w"), WorkJobsUseCase.MAX_CLAIM, Optional.empty(),
                        Duration.ZERO)) {
                    out.add(api.work.fail(j.id(), j.lease().orElseThrow().id(), "boom"));
                }
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    JsonNode counts(QueueName queue) {
        for (JsonNode q : ApiTest.ok(api.get("/api/v1/queues", api.root), 200).get("items")) {
            if (q.get("queue").asText().equals(queue.value())) {
                return q.get("counts");
            }
        }
        throw new AssertionError("no queue " + queue);
    }

    HttpResponse<String> get(String path) {
        return api.get(path, api.root);
    }

    static List<String> ids(HttpResponse<String> r) {
        return ids(ApiTest.ok(r, 200));
    }

    static List<String> ids(JsonNode page) {
        return page.get("items").findValuesAsText("id");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static JobId id(Job j) {
        return j.id();
    }
}
