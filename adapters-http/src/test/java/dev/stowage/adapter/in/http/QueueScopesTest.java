package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What a token's queue scopes let through, beyond the statuses of {@link AuthorizationMatrixTest}:
 * a hidden job cannot be told from a missing one, listings hold only what the token may see, and a
 * job goes only to a queue the token may enqueue to, whichever way it names the queue.
 */
class QueueScopesTest {
    TestApi api;
    String producer;
    String worker;
    String outsider;

    @BeforeEach
    void start() {
        api = new TestApi();
        producer = issue("pia", "enqueue:images", "read:images");
        worker = issue("wes", "work:images");
        outsider = issue("otto", "enqueue:mail", "read:mail", "work:mail");
        ApiTest.ok(api.send("PUT", "/api/v1/templates/thumbs", api.root, "{\"queue\":\"images\",\"type\":\"thumb\"}"), 200);
        ApiTest.ok(api.send("PUT", "/api/v1/templates/letters", api.root, "{\"queue\":\"mail\",\"type\":\"send\"}"), 200);
    }

    @AfterEach
    void stop() {
        api.close();
    }

    String issue(String user, String... scopes) {
        return api.tokens.issue(new UserId(user), false, TokenScopes.parse(List.of(scopes)), "").secret();
    }

    @Test
    void aJobOfAQueueTheTokenMayNotReadIsNotFoundExactlyLikeAMissingOne() {
        String id = ApiTest.ok(api.post("/api/v1/queues/images/jobs", producer,
                "{\"type\":\"thumb\",\"payload\":{\"secret\":\"s3cr3t-payload\"}}"), 201).get("id").asText();
        String missing = "01ARZ3NDEKTSV4RRFFQ69G5FAV";

        HttpResponse<String> hidden = api.get("/api/v1/jobs/" + id, outsider);
        HttpResponse<String> absent = api.get("/api/v1/jobs/" + missing, outsider);

        assertThat(hidden.statusCode()).isEqualTo(404);
        assertThat(hidden.body()).doesNotContain("s3cr3t-payload", "images");
        assertThat(hidden.body().replace(id, "ID")).isEqualTo(absent.body().replace(missing, "ID"));
        // the producer reads its job; a worker that may only work on the queue may not look it up
        assertThat(api.get("/api/v1/jobs/" + id, producer).body()).contains("s3cr3t-payload");
        assertThat(api.get("/api/v1/jobs/" + id, worker).statusCode()).isEqualTo(404);
    }

    @Test
    void aWorkerClaimsAndReportsOnItsQueueOnly() {
        String id = ApiTest.ok(api.post("/api/v1/queues/images/jobs", producer, "{\"type\":\"thumb\"}"), 201).get("id").asText();

        HttpResponse<String> refused = api.post("/api/v1/queues/images/claim", outsider, "{\"worker\":\"w\"}");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(ApiTest.json(refused).get("detail").asText()).contains("work:images");

        JsonNode claimed = ApiTest.ok(api.post("/api/v1/queues/images/claim", worker, "{\"worker\":\"w\"}"), 200);
        assertThat(claimed.get("jobs")).hasSize(1);
        String lease = claimed.get("jobs").get(0).get("lease").get("id").asText();

        // the lease alone is not enough: a token that may not work on the queue is told nothing
        HttpResponse<String> stolen = api.post("/api/v1/jobs/" + id + "/complete", outsider, "{\"lease\":\"" + lease + "\"}");
        assertThat(stolen.statusCode()).isEqualTo(404);
        // the producer sees the job, so it is told why it may not report on it
        assertThat(api.post("/api/v1/jobs/" + id + "/complete", producer, "{\"lease\":\"" + lease + "\"}").statusCode())
                .isEqualTo(403);
        ApiTest.ok(api.post("/api/v1/jobs/" + id + "/complete", worker, "{\"lease\":\"" + lease + "\"}"), 200);
        assertThat(ApiTest.ok(api.get("/api/v1/jobs/" + id, producer), 200).get("state").asText()).isEqualTo("completed");
    }

    @Test
    void templatesAreListedOnlyForQueuesTheTokenMayReadOrEnqueueTo() {
        assertThat(templateNames(producer)).containsExactly("thumbs");
        assertThat(templateNames(outsider)).containsExactly("letters");
        assertThat(templateNames(worker)).isEmpty();
        assertThat(templateNames(api.ana)).containsExactlyInAnyOrder("thumbs", "letters");
        assertThat(api.get("/api/v1/templates/letters", producer).statusCode()).isEqualTo(404);
    }

    @Test
    void aJobFromATemplateGoesOnlyToAQueueTheTokenMayEnqueueTo() {
        JsonNode made = ApiTest.ok(api.post("/api/v1/templates/thumbs/jobs", producer, null), 201);
        assertThat(made.get("queue").asText()).isEqualTo("images");
        assertThat(made.get("type").asText()).isEqualTo("thumb");

        // the template is seen, but the queue the override names is not the producer's
        HttpResponse<String> redirected = api.post("/api/v1/templates/thumbs/jobs", producer, "{\"queue\":\"mail\"}");
        assertThat(redirected.statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/templates/letters/jobs", producer, null).statusCode()).isEqualTo(404);
        assertThat(api.post("/api/v1/templates/letters/jobs", producer, "{\"queue\":\"images\"}").statusCode()).isEqualTo(404);
        assertThat(ApiTest.ok(api.get("/api/v1/jobs?queue=mail", api.root), 200).get("items")).isEmpty();
    }

    @Test
    void aTokenMadeWithoutScopesUsesDocumentsButNoQueue() {
        String docs = issue("dora");

        assertThat(api.upload(docs, "name=notes", "hi".getBytes(), "text/plain").statusCode()).isEqualTo(201);
        assertThat(api.post("/api/v1/queues/images/jobs", docs, "{\"type\":\"thumb\"}").statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/queues/images/claim", docs, "{\"worker\":\"w\"}").statusCode()).isEqualTo(403);
        assertThat(templateNames(docs)).isEmpty();
    }

    private List<String> templateNames(String token) {
        var names = new ArrayList<String>();
        ApiTest.ok(api.get("/api/v1/templates", token), 200).get("items").forEach(t -> names.add(t.get("name").asText()));
        return names;
    }
}
