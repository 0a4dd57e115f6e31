package dev.stowage.adapter.in.http;

import static dev.stowage.adapter.in.http.ApiTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A job's instants over HTTP are microseconds, what the queue's SQLite tables keep: the answer to an
 * enqueue is the job a later GET returns, byte for byte, though the clock and the given run-at carry
 * nanoseconds.
 */
class JobPrecisionTest {
    private TestApi api;

    @BeforeEach
    void start() {
        api = TestApi.withQueueOnSqlite();
        api.clock.set(TestApi.T0.plusNanos(123_456_789));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void theAnswerToAnEnqueueIsWhatAGetOfItReturns() {
        JsonNode posted = ok(api.post("/api/v1/queues/mail/jobs", api.ana,
                "{\"type\":\"send\",\"runAt\":\"2030-01-01T00:01:00.987654321Z\"}"), 201);
        JsonNode got = ok(api.get("/api/v1/jobs/" + posted.get("id").asText(), api.ana), 200);

        assertThat(got).isEqualTo(posted);
        assertThat(posted.get("runAt").asText()).isEqualTo("2030-01-01T00:01:00.987654Z");
        assertThat(posted.get("createdAt").asText()).isEqualTo("2030-01-01T00:00:00.123456Z");
    }

    @Test
    void theAnswerToABatchIsWhatGetsOfItsJobsReturn() {
        JsonNode batch = ok(api.post("/api/v1/queues/mail/jobs", api.ana,
                "{\"jobs\":[{\"type\":\"send\"},{\"type\":\"send\",\"runAt\":\"2031-06-01T12:00:00.000000999Z\"}]}"),
                201);

        assertThat(batch.get("items")).hasSize(2);
        for (JsonNode item : batch.get("items")) {
            JsonNode job = item.get("job");
            assertThat(ok(api.get("/api/v1/jobs/" + job.get("id").asText(), api.ana), 200)).isEqualTo(job);
        }
        assertThat(batch.get("items").get(1).get("job").get("runAt").asText()).isEqualTo("2031-06-01T12:00:00Z");
    }
}
