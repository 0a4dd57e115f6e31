package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import dev.stowage.testing.RawHttp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code Expect: 100-continue} on the upload routes, spoken over a raw socket so that the bytes on
 * the wire are what is checked: a request refused by its headers alone gets its final status at
 * once, and the client never sends the body; an accepted one gets {@code 100 Continue} first.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExpectContinueTest {
    TestApi api;

    @BeforeAll
    void start() {
        api = new TestApi();
    }

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void anUploadOverTheLimitIsRefusedBeforeTheClientSendsItsBody() throws IOException {
        String answer = headersOnly("POST", "/api/v1/documents?name=big", api.ana, TestApi.MAX_DOCUMENT_BYTES + 1);

        assertThat(answer).startsWith("HTTP/1.1 413 ").contains("application/problem+json", "\"code\":\"TOO_LARGE\"")
                .doesNotContain("100 Continue");
    }

    @Test
    void anUploadWithABadTokenIsRefusedBeforeTheClientSendsItsBody() throws IOException {
        String answer = headersOnly("POST", "/api/v1/documents?name=x", "stw_not-a-token", 10);

        assertThat(answer).startsWith("HTTP/1.1 401 ").doesNotContain("100 Continue");
    }

    @Test
    void aReplaceWithAStaleVersionIsRefusedBeforeTheClientSendsItsBody() throws IOException {
        String id = api.upload(api.ana, "name=versioned", new byte[] {1, 2, 3}, "application/octet-stream").body()
                .replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");

        String answer = headersOnly("PUT", "/api/v1/documents/" + id + "/content", api.ana, 10, "If-Match: \"999\"");

        assertThat(answer).startsWith("HTTP/1.1 412 ").doesNotContain("100 Continue");
    }

    @Test
    void anAcceptableUploadGetsContinueThenStoresTheBody() throws IOException {
        byte[] body = "hello, expect".getBytes(StandardCharsets.US_ASCII);
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(head("POST", "/api/v1/documents?name=continued", api.ana, body.length).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            assertThat(RawHttp.readUntil(in, "\r\n\r\n")).startsWith("HTTP/1.1 100 ");

            out.write(body);
            out.flush();

            assertThat(RawHttp.readUntil(in, "\"name\":\"continued\"")).startsWith("HTTP/1.1 201 ");
        }
    }

    /** Sends a request's head with {@code Expect: 100-continue} and no body, and reads what comes back. */
    private String headersOnly(String method, String path, String token, long contentLength, String... extra)
            throws IOException {
        try (Socket socket = new Socket("127.0.0.1", api.port)) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(head(method, path, token, contentLength, extra).getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            return RawHttp.readAll(socket.getInputStream());
        }
    }

    private String head(String method, String path, String token, long contentLength, String... extra) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(api.port).append("\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n")
                .append("Content-Type: application/octet-stream\r\n")
                .append("Content-Length: ").append(contentLength).append("\r\n")
                .append("Expect: 100-continue\r\n");
        for (String header : extra) {
            b.append(header).append("\r\n");
        }
        return b.append("\r\n").toString();
    }
}
