package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.stowage.testing.RawHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Request bodies the client broke, sent over a raw socket: a bad chunk size, a missing last chunk,
 * a body shorter than its Content-Length, a client that hangs up in the middle. Each is the
 * client's mistake: 400 as a problem, nothing stored, nothing logged above INFO, and never the
 * 503 of a storage failure.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokenBodyTest {
    TestApi api;
    final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    final Logger httpLog = (Logger) LoggerFactory.getLogger("dev.stowage.adapter.in.http");

    @BeforeAll
    void start() {
        api = new TestApi();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @BeforeEach
    void listen() {
        logged.list.clear();
        logged.start();
        httpLog.addAppender(logged);
    }

    @AfterEach
    void quiet() {
        httpLog.detachAppender(logged);
        assertThat(logged.list).as("log lines above INFO")
                .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.WARN));
    }

    /** Chunked bodies whose framing is wrong, each followed by the client's hang-up. */
    static Stream<Arguments> brokenChunks() {
        return Stream.of(
                Arguments.of("a chunk size that is not hex", "zz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a negative chunk size", "-5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a chunk size past 2^63", "FFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a good chunk then a bad size", "5\r\nhello\r\nzz\r\n"),
                Arguments.of("no last chunk", "5\r\nhello\r\n"),
                Arguments.of("a chunk shorter than its size", "10\r\nhello"));
    }

    @ParameterizedTest(name = "document upload with {0}")
    @MethodSource("brokenChunks")
    void aBrokenChunkedUploadIsA400AndStoresNothing(String what, String body) throws IOException {
        int before = documentCount();
        String answer = RawHttp.exchange(api.port, head("POST", "/api/v1/documents?name=broken", api.ana,
                "Transfer-Encoding: chunked", "Content-Type: text/plain") + body, true);

        assertProblem(answer, 400);
        assertThat(documentCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "JSON body with {0}")
    @MethodSource("brokenChunks")
    void aBrokenChunkedJsonBodyIsA400(String what, String body) throws IOException {
        String answer = RawHttp.exchange(api.port, head("POST", "/api/v1/queues/broken/jobs", api.ana,
                "Transfer-Encoding: chunked", "Content-Type: application/json") + body, true);

        assertProblem(answer, 400);
        assertThat(api.get("/api/v1/jobs?queue=broken", api.root).body()).isEqualTo("{\"items\":[]}");
    }

    @Test
    void aBodyShorterThanItsContentLengthIsA400() throws IOException {
        int before = documentCount();
        String upload = RawHttp.exchange(api.port, head("POST", "/api/v1/documents?name=short", api.ana,
                "Content-Length: 100", "Content-Type: text/plain") + "only ten b", true);
        assertProblem(upload, 400);
        assertThat(documentCount()).isEqualTo(before);

        String json = RawHttp.exchange(api.port, head("POST", "/api/v1/queues/broken/jobs", api.ana,
                "Content-Length: 100", "Content-Type: application/json") + "{\"type\":\"t\"", true);
        assertProblem(json, 400);
    }

    @Test
    void aTusPatchWithAMalformedBodyIsA400AndTheOffsetStays() throws IOException {
        HttpResponse<String> created = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "10", "Upload-Metadata", AuthorizationMatrixTest.tusMetadata("broken.bin"));
        String upload = created.headers().firstValue("Location").orElseThrow();

        for (String body : new String[] {"zz\r\n0123456789\r\n0\r\n\r\n", "5\r\n01234\r\nzz\r\n", "-5\r\n01234\r\n"}) {
            String answer = RawHttp.exchange(api.port, head("PATCH", upload, api.ana, "Tus-Resumable: 1.0.0",
                    "Upload-Offset: 0", "Content-Type: application/offset+octet-stream", "Transfer-Encoding: chunked")
                    + body, true);
            assertProblem(answer, 400);
            assertThat(offset(upload)).as("offset after %s", body).isEqualTo("0");
        }
        // the upload is still whole and usable
        HttpResponse<String> done = api.send("PATCH", upload, api.ana, "0123456789", "Tus-Resumable", "1.0.0",
                "Upload-Offset", "0", "Content-Type", TusRoutes.OFFSET_OCTET_STREAM);
        assertThat(done.statusCode()).isEqualTo(204);
        assertThat(done.headers().firstValue(TusRoutes.DOCUMENT_ID)).isPresent();
    }

    @Test
    void aTusPatchCutShortKeepsWhatArrivedAndIsNotA2xx() throws IOException {
        HttpResponse<String> created = api.send("POST", Api.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "10", "Upload-Metadata", AuthorizationMatrixTest.tusMetadata("short.bin"));
        String upload = created.headers().firstValue("Location").orElseThrow();

        String answer = RawHttp.exchange(api.port, head("PATCH", upload, api.ana, "Tus-Resumable: 1.0.0",
                "Upload-Offset: 0", "Content-Type: application/offset+octet-stream", "Content-Length: 10") + "0123", true);

        // tus keeps what a vanished client sent, so that it resumes from there
        assertProblem(answer, 400);
        assertThat(answer).contains("Upload-Offset: 4");
        assertThat(offset(upload)).isEqualTo("4");
    }

    @Test
    void aClientThatStopsSendingGetsA408WhenTheIdleTimeoutRunsOut() throws IOException {
        try (TestApi quick = new TestApi()) {
            quick.server.idleTimeout(java.time.Duration.ofMillis(300));
            for (String[] route : new String[][] {{"/api/v1/documents?name=stalled", "text/plain"},
                    {"/api/v1/queues/stalled/jobs", "application/json"}}) {
                String answer = RawHttp.exchange(quick.port, "POST " + route[0] + " HTTP/1.1\r\nHost: x\r\n"
                        + "Authorization: Bearer " + quick.ana + "\r\nContent-Type: " + route[1]
                        + "\r\nContent-Length: 100\r\n\r\n{\"type\":", false);
                assertProblem(answer, 408);
            }
            assertThat(ApiTest.ok(quick.get("/api/v1/documents", quick.ana), 200).get("items")).isEmpty();
        }
    }

    private String offset(String upload) {
        return api.send("HEAD", upload, api.ana, null, "Tus-Resumable", "1.0.0").headers()
                .firstValue("Upload-Offset").orElseThrow();
    }

    private int documentCount() {
        return ApiTest.ok(api.get("/api/v1/documents?limit=1000", api.ana), 200).get("items").size();
    }

    private String head(String method, String path, String token, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(api.port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    static void assertProblem(String answer, int status) {
        assertThat(RawHttp.status(answer)).as(answer).isEqualTo(status);
        assertThat(answer).contains("application/problem+json").doesNotContain("storage-unavailable", "Exception", "\tat ");
    }
}
