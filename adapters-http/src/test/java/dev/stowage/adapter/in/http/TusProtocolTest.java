package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.Visibility;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The tus protocol at the wire: every status and header the routes promise, over real HTTP on
 * loopback. One server serves every test; each test makes its own uploads.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TusProtocolTest {
    private static final String BASE = "/api/v1/uploads";

    private final TusTestServer server = new TusTestServer();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterAll
    void stop() {
        server.close();
    }

    // ---- discovery and versions -------------------------------------------------------------

    @Test
    void optionsAdvertisesTheServerWithoutAToken() throws Exception {
        var r = call("OPTIONS", BASE, null, "Authorization", null, "Tus-Resumable", null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Tus-Version")).isEqualTo("1.0.0");
        assertThat(header(r, "Tus-Extension")).isEqualTo("creation,checksum,expiration,termination,concatenation");
        assertThat(header(r, "Tus-Max-Size")).isEqualTo(Long.toString(TusTestServer.MAX_SIZE));
        assertThat(header(r, "Tus-Checksum-Algorithm")).isEqualTo("sha256");

        var member = call("OPTIONS", BASE + "/" + create("options.txt", 3), null, "Tus-Resumable", null);
        assertThat(member.statusCode()).isEqualTo(204);
        assertThat(header(member, "Tus-Extension")).doesNotContain("creation-defer-length");
    }

    @Test
    void anotherProtocolVersionIs412WithTheVersionsSpoken() throws Exception {
        var r = call("POST", BASE, null, "Tus-Resumable", "0.2.2", "Upload-Length", "5",
                "Upload-Metadata", meta("filename", "old.txt"));
        assertProblem(r, 412);
        assertThat(header(r, "Tus-Version")).isEqualTo("1.0.0");

        String path = BASE + "/" + create("versions.txt", 5);
        assertProblem(call("HEAD", path, null, "Tus-Resumable", null), 412);
        assertProblem(call("PATCH", path, "hello".getBytes(StandardCharsets.UTF_8), "Tus-Resumable", "2.0.0",
                "Content-Type", TusRoutes.OFFSET_OCTET_STREAM, "Upload-Offset", "0"), 412);
        assertThat(offset(path)).isZero();
    }

    // ---- creation ----------------------------------------------------------------------------

    @Test
    void creationAnswers201WithLocationAndExpiryAndHeadReportsTheUpload() throws Exception {
        var r = call("POST", BASE, null, "Upload-Length", "11",
                "Upload-Metadata", meta("filename", "report q3.pdf", "filetype", "application/pdf",
                        "visibility", "public", "project", "zeus"));
        assertThat(r.statusCode()).isEqualTo(201);
        String location = header(r, "Location");
        assertThat(location).matches(BASE + "/[0-9A-Z]{26}");
        ZonedDateTime expires = ZonedDateTime.parse(header(r, "Upload-Expires"), DateTimeFormatter.RFC_1123_DATE_TIME);
        assertThat(expires.toInstant()).isEqualTo(server.clock.instant().plus(TusTestServer.EXPIRY));
        // RFC 9110 IMF-fixdate: two-digit day, GMT
        assertThat(header(r, "Upload-Expires")).matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT");

        var head = call("HEAD", location, null);
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(header(head, "Upload-Offset")).isEqualTo("0");
        assertThat(header(head, "Upload-Length")).isEqualTo("11");
        assertThat(header(head, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(head, "Upload-Expires")).isEqualTo(header(r, "Upload-Expires"));
        assertThat(decodeMeta(header(head, "Upload-Metadata"))).containsExactly(
                Map.entry("filename", "report q3.pdf"), Map.entry("name", "report q3.pdf"),
                Map.entry("filetype", "application/pdf"), Map.entry("visibility", "public"),
                Map.entry("project", "zeus"));
    }

    @Test
    void metadataNamesTheDocumentAndItsType() throws Exception {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String sha = HexFormat.of().formatHex(TusTestServer.sha256().digest(body));
        var r = call("POST", BASE, null, "Upload-Length", Integer.toString(body.length),
                "Upload-Metadata", meta("filename", "a.json", "name", "Settings (prod)",
                        "contentType", "application/json; charset=utf-8", "checksum", sha));
        assertThat(r.statusCode()).isEqualTo(201);
        var done = patch(header(r, "Location"), 0, body);
        assertThat(done.statusCode()).isEqualTo(204);

        Document doc = server.anasDocument("Settings (prod)");
        assertThat(doc.fileName().value()).isEqualTo("a.json");
        assertThat(doc.mimeType().value()).isEqualTo("application/json");
        assertThat(doc.visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(doc.sha256().hex()).isEqualTo(sha);
    }

    @Test
    void creationWithoutATokenIs401() throws Exception {
        var r = call("POST", BASE, null, "Authorization", null, "Upload-Length", "5",
                "Upload-Metadata", meta("filename", "anon.txt"));
        assertProblem(r, 401);
        assertThat(header(r, "WWW-Authenticate")).isEqualTo("Bearer");
        assertProblem(call("POST", BASE, null, "Authorization", "Bearer stw_nonsense", "Upload-Length", "5",
                "Upload-Metadata", meta("filename", "anon.txt")), 401);
    }

    @Test
    void creationPastTheMaximumIs413() throws Exception {
        var r = call("POST", BASE, null, "Upload-Length", Long.toString(TusTestServer.MAX_SIZE + 1),
                "Upload-Metadata", meta("filename", "huge.bin"));
        assertProblem(r, 413);
        assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
    }

    static Stream<Arguments> badCreations() {
        String ok = meta("filename", "ok.txt");
        return Stream.of(
                Arguments.of("no length", List.of("Upload-Metadata", ok), "Upload-Length is required"),
                Arguments.of("deferred length", List.of("Upload-Defer-Length", "1", "Upload-Metadata", ok),
                        "Upload-Defer-Length is not supported"),
                Arguments.of("negative length", List.of("Upload-Length", "-1", "Upload-Metadata", ok), "non-negative"),
                Arguments.of("no metadata", List.of("Upload-Length", "3"), "filename"),
                Arguments.of("no filename", List.of("Upload-Length", "3", "Upload-Metadata", meta("name", "x")), "filename"),
                Arguments.of("not base64", List.of("Upload-Length", "3", "Upload-Metadata", "filename %%%"), "base64"),
                Arguments.of("key twice", List.of("Upload-Length", "3", "Upload-Metadata", ok + "," + ok), "twice"),
                Arguments.of("path in file name", List.of("Upload-Length", "3", "Upload-Metadata",
                        meta("filename", "../etc/passwd")), "file name"),
                Arguments.of("bad visibility", List.of("Upload-Length", "3", "Upload-Metadata",
                        meta("filename", "v.txt", "visibility", "friends")), "visibility"),
                Arguments.of("bad MIME type", List.of("Upload-Length", "3", "Upload-Metadata",
                        meta("filename", "m.txt", "filetype", "text")), "MIME type"),
                Arguments.of("bad sha256", List.of("Upload-Length", "3", "Upload-Metadata",
                        meta("filename", "s.txt", "sha256", "abc")), "sha256"),
                Arguments.of("bad user metadata key", List.of("Upload-Length", "3", "Upload-Metadata",
                        meta("filename", "k.txt", "-dash", "x")), "metadata key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badCreations")
    void badCreationIs400Problem(String why, List<String> headers, String detail) throws Exception {
        var r = call("POST", BASE, null, headers.toArray(String[]::new));
        assertProblem(r, 400);
        assertThat(r.body()).contains(detail);
    }

    @Test
    void anEmptyUploadIsADocumentAtOnce() throws Exception {
        var r = call("POST", BASE, null, "Upload-Length", "0", "Upload-Metadata", meta("filename", "empty.txt"));
        assertThat(r.statusCode()).isEqualTo(201);
        Document doc = server.anasDocument("empty.txt");
        assertThat(header(r, TusRoutes.DOCUMENT_ID)).isEqualTo(doc.id().value());
        assertThat(doc.size()).isZero();
    }

    // ---- PATCH -------------------------------------------------------------------------------

    @Test
    void chunksAdvanceTheOffsetAndTheLastOneNamesTheDocument() throws Exception {
        byte[] data = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.UTF_8);
        String path = BASE + "/" + create("fox.txt", data.length);

        var first = patch(path, 0, slice(data, 0, 10));
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(header(first, "Upload-Offset")).isEqualTo("10");
        assertThat(first.headers().firstValue("Upload-Expires")).isPresent();
        assertThat(first.headers().firstValue(TusRoutes.DOCUMENT_ID)).isEmpty();
        assertThat(offset(path)).isEqualTo(10);

        var last = patch(path, 10, slice(data, 10, data.length));
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(header(last, "Upload-Offset")).isEqualTo(Integer.toString(data.length));
        Document doc = server.anasDocument("fox.txt");
        assertThat(header(last, TusRoutes.DOCUMENT_ID)).isEqualTo(doc.id().value());
        assertThat(header(last, "Link")).isEqualTo("</api/v1/documents/" + doc.id() + ">; rel=\"related\"");
        assertThat(server.downloadedSha256(doc)).isEqualTo(hex(data));
        assertThat(doc.mimeType().value()).isEqualTo("application/octet-stream");

        // the use case forgets a finished upload: nothing is left to resume
        assertThat(call("HEAD", path, null).statusCode()).isEqualTo(404);
        assertThat(server.routes.locksInUse()).isZero();
    }

    @Test
    void methodOverrideCarriesAPatchOverPost() throws Exception {
        String path = BASE + "/" + create("override.txt", 4);
        var r = call("POST", path, "abcd".getBytes(StandardCharsets.UTF_8), "X-HTTP-Method-Override", "PATCH",
                "Content-Type", TusRoutes.OFFSET_OCTET_STREAM, "Upload-Offset", "0");
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Upload-Offset")).isEqualTo("4");
        assertThat(server.anasDocument("override.txt").size()).isEqualTo(4);
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        String path = BASE + "/" + create("typed.txt", 5);
        var r = call("PATCH", path, "hello".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/octet-stream", "Upload-Offset", "0");
        assertProblem(r, 415);
        assertThat(offset(path)).isZero();
    }

    @Test
    void missingOrMalformedOffsetIs400() throws Exception {
        String path = BASE + "/" + create("offsetless.txt", 5);
        byte[] body = "hello".getBytes(StandardCharsets.UTF_8);
        assertProblem(call("PATCH", path, body, "Content-Type", TusRoutes.OFFSET_OCTET_STREAM), 400);
        assertProblem(call("PATCH", path, body, "Content-Type", TusRoutes.OFFSET_OCTET_STREAM,
                "Upload-Offset", "+0"), 400);
        assertThat(offset(path)).isZero();
    }

    @Test
    void aWrongOffsetIs409AndChangesNothing() throws Exception {
        String path = BASE + "/" + create("gap.txt", 10);
        assertThat(patch(path, 0, bytes("01234")).statusCode()).isEqualTo(204);

        var ahead = patch(path, 7, bytes("789"));
        assertProblem(ahead, 409);
        assertThat(ahead.body()).contains("is at offset 5, not 7");
        assertThat(offset(path)).isEqualTo(5);
    }

    @Test
    void aRetriedChunkIsHarmless() throws Exception {
        byte[] data = bytes("first chunk|second chunk");
        String path = BASE + "/" + create("retried.txt", data.length);
        byte[] chunk = slice(data, 0, 12);

        assertThat(patch(path, 0, chunk).statusCode()).isEqualTo(204);
        // the client lost the answer and sends the same chunk at the same offset again
        var again = patch(path, 0, chunk);
        assertProblem(again, 409);
        assertThat(offset(path)).isEqualTo(12);

        assertThat(patch(path, 12, slice(data, 12, data.length)).statusCode()).isEqualTo(204);
        assertThat(server.downloadedSha256(server.anasDocument("retried.txt"))).isEqualTo(hex(data));
    }

    @Test
    void aChunkPastTheDeclaredLengthIs413() throws Exception {
        String path = BASE + "/" + create("short.txt", 4);
        assertProblem(patch(path, 0, bytes("too long")), 413);
        assertThat(offset(path)).isZero();
        assertThat(patch(path, 0, bytes("fits")).statusCode()).isEqualTo(204);
    }

    @Test
    void requestsOnABusyUploadTakeTurns() throws Exception {
        String path = BASE + "/" + create("slow.txt", 10);
        // A client that sends half its chunk, then stalls with the request still open.
        try (Socket stalled = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            stalled.setSoTimeout(20_000);
            OutputStream out = stalled.getOutputStream();
            out.write(("PATCH " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTus-Resumable: 1.0.0\r\n"
                    + "Authorization: Bearer " + server.anaToken + "\r\n"
                    + "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
                    + "Content-Length: 10\r\nConnection: close\r\n\r\n01234").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitLockHeld();

            var second = patch(path, 0, bytes("abcdefghij"));
            assertProblem(second, 423);
            // HEAD waits as long, then reports what is committed so far
            assertThat(offset(path)).isZero();

            out.write(bytes("56789"));
            out.flush();
            String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 204").containsIgnoringCase("Upload-Offset: 10");
        }
        assertThat(server.downloadedSha256(server.anasDocument("slow.txt"))).isEqualTo(hex(bytes("0123456789")));
        assertThat(server.routes.locksInUse()).isZero();
    }

    /** Waits until the server is inside the stalled PATCH, holding the upload's lock. */
    private void awaitLockHeld() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (server.routes.locksInUse() == 0) {
            assertThat(System.nanoTime()).as("the stalled PATCH reached the server").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    // ---- checksum ----------------------------------------------------------------------------

    @Test
    void aChunkMatchingItsChecksumIsKept() throws Exception {
        String path = BASE + "/" + create("summed.txt", 10);
        byte[] chunk = bytes("01234");
        var r = patch(path, 0, chunk, "Upload-Checksum", "sha256 " + b64(TusTestServer.sha256().digest(chunk)));
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(offset(path)).isEqualTo(5);
    }

    @Test
    void aChunkNotMatchingItsChecksumIs460AndTheOffsetStays() throws Exception {
        String path = BASE + "/" + create("mismatch.txt", 10);
        var r = patch(path, 0, bytes("01234"),
                "Upload-Checksum", "sha256 " + b64(TusTestServer.sha256().digest(bytes("43210"))));
        assertProblem(r, 460);
        assertThat(r.body()).contains("\"code\":\"CHECKSUM_MISMATCH\"");
        assertThat(offset(path)).isZero();
        assertThat(patch(path, 0, bytes("0123456789")).statusCode()).isEqualTo(204);
        assertThat(server.downloadedSha256(server.anasDocument("mismatch.txt"))).isEqualTo(hex(bytes("0123456789")));
    }

    @Test
    void anUnsupportedOrMalformedChecksumIs400() throws Exception {
        String path = BASE + "/" + create("md5.txt", 5);
        var md5 = patch(path, 0, bytes("01234"), "Upload-Checksum", "md5 " + b64(new byte[16]));
        assertProblem(md5, 400);
        assertThat(md5.body()).contains("'md5' is not supported");
        assertProblem(patch(path, 0, bytes("01234"), "Upload-Checksum", "sha256 !!"), 400);
        assertProblem(patch(path, 0, bytes("01234"), "Upload-Checksum", "sha256 " + b64(new byte[20])), 400);
        assertThat(offset(path)).isZero();
    }

    @Test
    void aFileNotMatchingItsDeclaredSha256Is400AndDiscarded() throws Exception {
        String wrong = hex(bytes("something else"));
        var created = call("POST", BASE, null, "Upload-Length", "5",
                "Upload-Metadata", meta("filename", "declared.txt", "sha256", wrong));
        String path = header(created, "Location");
        var r = patch(path, 0, bytes("01234"));
        assertProblem(r, 400);
        assertThat(r.body()).contains("\"code\":\"CHECKSUM_MISMATCH\"");
        assertThat(call("HEAD", path, null).statusCode()).isEqualTo(404);
    }

    // ---- ownership, expiry, termination ------------------------------------------------------

    @Test
    void unknownAndOtherOwnersUploadsAre404() throws Exception {
        String path = BASE + "/" + create("ana-only.txt", 5);
        String asBen = "Bearer " + server.benToken;
        assertProblem(call("HEAD", path, null, "Authorization", asBen), 404);
        assertProblem(call("PATCH", path, bytes("01234"), "Authorization", asBen,
                "Content-Type", TusRoutes.OFFSET_OCTET_STREAM, "Upload-Offset", "0"), 404);
        assertProblem(call("DELETE", path, null, "Authorization", asBen), 404);
        assertThat(offset(path)).isZero();

        assertProblem(call("HEAD", BASE + "/01JNKQ3MZ8XQ7W2D5V1B9C4E6F", null), 404);
        assertProblem(call("DELETE", BASE + "/01JNKQ3MZ8XQ7W2D5V1B9C4E6F", null), 404);
        assertProblem(call("HEAD", BASE + "/not-an-id", null), 404);
        assertProblem(call("HEAD", path, null, "Authorization", null), 401);
    }

    @Test
    void anExpiredUploadIs410UntilTheSweeperRemovesItThen404() throws Exception {
        String path = BASE + "/" + create("late.txt", 5);
        server.clock.advance(TusTestServer.EXPIRY);
        try {
            assertProblem(call("HEAD", path, null), 410);
            var r = patch(path, 0, bytes("01234"));
            assertProblem(r, 410);
            assertThat(r.body()).contains("expired at");

            server.uploads.expire(100);
            assertProblem(call("HEAD", path, null), 404);
        } finally {
            server.clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void deleteTerminatesTheUpload() throws Exception {
        String path = BASE + "/" + create("cancelled.txt", 10);
        assertThat(patch(path, 0, bytes("01234")).statusCode()).isEqualTo(204);
        var r = call("DELETE", path, null);
        assertThat(r.statusCode()).isEqualTo(204);
        assertProblem(call("HEAD", path, null), 404);
        assertProblem(patch(path, 5, bytes("56789")), 404);
        assertProblem(call("DELETE", path, null), 404);
    }

    // ---- concatenation -----------------------------------------------------------------------

    @Test
    void aFinishedPartialUploadIsNoDocumentAndTheFinalOneConcatenatesThem() throws Exception {
        byte[] data = "A third, a third and the last third of one file.".getBytes(StandardCharsets.UTF_8);
        String first = createPartial(20);
        String second = createPartial(data.length - 20);
        assertThat(patch(first, 0, slice(data, 0, 20)).headers().firstValue(TusRoutes.DOCUMENT_ID)).isEmpty();
        var last = patch(second, 0, slice(data, 20, data.length));
        assertThat(last.statusCode()).isEqualTo(204);
        assertThat(last.headers().firstValue(TusRoutes.DOCUMENT_ID)).isEmpty();
        assertThat(server.catalog.findByName(TusTestServer.ANA, new DocumentName("partial upload"))).isEmpty();
        var head = call("HEAD", second, null);
        assertThat(header(head, "Upload-Concat")).isEqualTo("partial");
        assertThat(header(head, "Upload-Offset")).isEqualTo(header(head, "Upload-Length"));

        // absolute URLs, as tus-js-client sends them, and a path
        var r = call("POST", BASE, null, "Upload-Concat", "final;" + server.uri(first) + " " + second,
                "Upload-Metadata", meta("filename", "thirds.txt", "filetype", "text/plain"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        Document doc = server.anasDocument("thirds.txt");
        assertThat(header(r, TusRoutes.DOCUMENT_ID)).isEqualTo(doc.id().value());
        assertThat(doc.size()).isEqualTo(data.length);
        assertThat(doc.sha256().hex()).isEqualTo(hex(data));
        assertThat(server.downloadedSha256(doc)).isEqualTo(hex(data));

        String whole = header(r, "Location");
        var finalHead = call("HEAD", whole, null);
        assertThat(finalHead.statusCode()).isEqualTo(200);
        assertThat(header(finalHead, "Upload-Concat")).isEqualTo("final;" + first + " " + second);
        assertThat(header(finalHead, "Upload-Length")).isEqualTo(Integer.toString(data.length));
        assertThat(header(finalHead, "Upload-Offset")).isEqualTo(Integer.toString(data.length));
        assertProblem(patch(whole, data.length, new byte[0]), 403);
        // the parts are gone once the document exists
        assertProblem(call("HEAD", first, null), 404);
        assertProblem(call("HEAD", second, null), 404);
        assertThat(server.routes.locksInUse()).isZero();
    }

    @Test
    void aFinalUploadOfMissingUnfinishedForeignOrPlainUploadsIsRefusedAndChangesNothing() throws Exception {
        String done = createPartial(3);
        patch(done, 0, bytes("abc"));
        String unfinished = createPartial(6);
        patch(unfinished, 0, bytes("abc"));
        String plain = BASE + "/" + create("plain.txt", 3);
        var bens = call("POST", BASE, null, "Authorization", "Bearer " + server.benToken, "Upload-Concat", "partial",
                "Upload-Length", "3");
        String bensPart = header(bens, "Location");
        patch(bensPart, 0, bytes("xyz"), "Authorization", "Bearer " + server.benToken);

        assertProblem(finalOf(done, BASE + "/01JNKQ3MZ8XQ7W2D5V1B9C4E6F"), 404);
        assertProblem(finalOf(done, bensPart), 404);
        assertProblem(finalOf(done, unfinished), 400);
        assertProblem(finalOf(done, plain), 400);
        assertProblem(finalOf(done, done), 400);
        var foreignHost = call("POST", BASE, null, "Upload-Concat", "final;http://elsewhere.example" + done,
                "Upload-Metadata", meta("filename", "f.txt"));
        assertProblem(foreignHost, 400);
        assertThat(foreignHost.body()).doesNotContain("elsewhere");
        assertProblem(finalOf("/api/v1/documents/" + done.substring(BASE.length() + 1)), 400);

        assertThat(offset(done)).isEqualTo(3);
        assertThat(offset(unfinished)).isEqualTo(3);
        assertThat(server.catalog.findByName(TusTestServer.ANA, new DocumentName("f.txt"))).isEmpty();
        assertThat(server.routes.locksInUse()).isZero();
    }

    static Stream<Arguments> badConcatenations() {
        return Stream.of(
                Arguments.of("unknown kind", List.of("Upload-Concat", "whole", "Upload-Length", "3")),
                Arguments.of("upper case", List.of("Upload-Concat", "PARTIAL", "Upload-Length", "3")),
                Arguments.of("empty", List.of("Upload-Concat", "", "Upload-Length", "3")),
                Arguments.of("final without parts", List.of("Upload-Concat", "final;",
                        "Upload-Metadata", meta("filename", "f.txt"))),
                Arguments.of("final without semicolon", List.of("Upload-Concat", "final " + BASE + "/x",
                        "Upload-Metadata", meta("filename", "f.txt"))),
                Arguments.of("final with a length", List.of("Upload-Concat", "final;" + BASE + "/01JNKQ3MZ8XQ7W2D5V1B9C4E6F",
                        "Upload-Length", "3", "Upload-Metadata", meta("filename", "f.txt"))),
                Arguments.of("final with a traversal", List.of("Upload-Concat", "final;" + BASE + "/../documents/x",
                        "Upload-Metadata", meta("filename", "f.txt"))),
                Arguments.of("partial without length", List.of("Upload-Concat", "partial")),
                Arguments.of("partial with bad metadata", List.of("Upload-Concat", "partial", "Upload-Length", "3",
                        "Upload-Metadata", "filename !!!")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConcatenations")
    void aBadUploadConcatIs400Problem(String why, List<String> headers) throws Exception {
        var r = call("POST", BASE, null, headers.toArray(String[]::new));
        assertProblem(r, 400);
        assertThat(r.headers().firstValue("Location")).isEmpty();
    }

    private String createPartial(long length) throws Exception {
        var r = call("POST", BASE, null, "Upload-Concat", "partial", "Upload-Length", Long.toString(length));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return header(r, "Location");
    }

    private HttpResponse<String> finalOf(String... paths) throws Exception {
        return call("POST", BASE, null, "Upload-Concat", "final;" + String.join(" ", paths),
                "Upload-Metadata", meta("filename", "f.txt"));
    }

    // ---- helpers -----------------------------------------------------------------------------

    /** Creates an upload as Ana and returns its id. */
    private String create(String fileName, long length) throws Exception {
        var r = call("POST", BASE, null, "Upload-Length", Long.toString(length), "Upload-Metadata", meta("filename", fileName));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        String location = header(r, "Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    private long offset(String path) throws Exception {
        var r = call("HEAD", path, null);
        assertThat(r.statusCode()).isEqualTo(200);
        return Long.parseLong(header(r, "Upload-Offset"));
    }

    private HttpResponse<String> patch(String path, long offset, byte[] body, String... extra) throws Exception {
        var headers = new ArrayList<>(List.of("Content-Type", TusRoutes.OFFSET_OCTET_STREAM,
                "Upload-Offset", Long.toString(offset)));
        headers.addAll(List.of(extra));
        return call("PATCH", path, body, headers.toArray(String[]::new));
    }

    /**
     * Sends a request as Ana speaking tus 1.0.0; {@code headers} are name/value pairs that add to or
     * replace those defaults, a null value leaving the header out. Checks that the response says
     * which tus version it speaks, as every response must.
     */
    private HttpResponse<String> call(String method, String path, byte[] body, String... headers) throws Exception {
        var all = new LinkedHashMap<String, String>();
        all.put("Tus-Resumable", "1.0.0");
        all.put("Authorization", "Bearer " + server.anaToken);
        for (int i = 0; i < headers.length; i += 2) {
            all.put(headers[i], headers[i + 1]);
        }
        var request = HttpRequest.newBuilder(server.uri(path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body));
        all.forEach((k, v) -> {
            if (v != null) {
                request.header(k, v);
            }
        });
        HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().firstValue("Tus-Resumable")).as("Tus-Resumable on %s %s", method, path).hasValue("1.0.0");
        return r;
    }

    private static void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        if (!r.request().method().equals("HEAD")) {
            assertThat(header(r, "Content-Type")).startsWith("application/problem+json");
            assertThat(r.body()).contains("\"status\":" + status);
        }
    }

    private static String header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name).orElseThrow(() -> new AssertionError("no " + name + " header"));
    }

    static String meta(String... pairs) {
        var out = new ArrayList<String>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(pairs[i] + " " + b64(pairs[i + 1].getBytes(StandardCharsets.UTF_8)));
        }
        return String.join(",", out);
    }

    private static Map<String, String> decodeMeta(String header) {
        var out = new LinkedHashMap<String, String>();
        for (String pair : header.split(",")) {
            String[] kv = pair.split(" ");
            out.put(kv[0], new String(Base64.getDecoder().decode(kv[1]), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String b64(byte[] raw) {
        return Base64.getEncoder().encodeToString(raw);
    }

    private static String hex(byte[] data) {
        return HexFormat.of().formatHex(TusTestServer.sha256().digest(data));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] slice(byte[] data, int from, int to) {
        return java.util.Arrays.copyOfRange(data, from, to);
    }
}
