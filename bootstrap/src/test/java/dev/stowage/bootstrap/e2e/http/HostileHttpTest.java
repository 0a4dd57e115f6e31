package dev.stowage.bootstrap.e2e.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.RawHttp;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile-input suite over HTTP, against the whole service as {@code stowage serve} assembles
 * it (SQLite and the blob folder, where a time too far out overflows a conversion that an in-memory
 * store never makes). Several hundred requests that a careless or hostile client sends: times and
 * numbers past every bound, broken bodies, ambiguous heads, text that is not Unicode, names that
 * read as paths, another owner's ids, paths and values holding secrets, legacy exports of programs
 * that are no export or hold hostile entries. For every answer:
 * <ul>
 *   <li>no 5xx: a client's mistake is never the server's failure;</li>
 *   <li>an error is an {@code application/problem+json} body;</li>
 *   <li>no body holds a stack trace, a class name, a server file path or a token;</li>
 *   <li>no answer to another user holds ana's private document, its name or its metadata;</li>
 * </ul>
 * and the service still answers {@code /health} with 200 at the end.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileHttpTest {
    private static final String SECRET_CONTENT = "ana-private-content-7f3a";
    private static final String SECRET_NAME = "ana-private-name-7f3a";
    private static final String SECRET_META = "ana-private-meta-7f3a";
    /** A token-like text a client might put anywhere by mistake; it must never come back. */
    private static final String STRAY_TOKEN = "stw_" + "Q".repeat(20) + "x9Zk" + "r".repeat(19);
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(java|javax|jakarta|sun|com\\.fasterxml|org\\.eclipse|org\\.sqlite|org\\.jooq|io\\.javalin|dev\\.stowage)\\.[a-zA-Z]");
    private static final Pattern STACK = Pattern.compile("(?m)^\\s+at [a-zA-Z]|\\.java:\\d+|Exception\\b|Caused by");

    @TempDir
    static Path dir;

    Stowage stowage;
    HttpClient client;
    int port;
    String ana;
    String ben;
    String root;
    String anaDoc;
    String anaUpload;
    final ObjectMapper json = new ObjectMapper();
    final List<String> checked = new ArrayList<>();
    /** Every broken expectation, so that one run reports them all rather than the first. */
    final List<String> failures = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        stowage = Stowage.builder().dataDir(dir.resolve("data")).set("stowage.http.port", "0").withHttp().build();
        stowage.start();
        port = stowage.httpPort();
        client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ManageTokensUseCase tokens = stowage.instance(ManageTokensUseCase.class);
        ana = tokens.issue(new UserId("ana"), false, TokenScopes.everyQueue(), "ana").secret();
        ben = tokens.issue(new UserId("ben"), false, TokenScopes.everyQueue(), "ben").secret();
        root = tokens.issue(new UserId("root"), true, TokenScopes.none(), "root").secret();

        HttpResponse<String> doc = send(request("/api/v1/documents?name=" + SECRET_NAME + "&fileName=a.txt&meta.note="
                + SECRET_META, ana).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(SECRET_CONTENT)).build());
        assertThat(doc.statusCode()).as(doc.body()).isEqualTo(201);
        anaDoc = json.readTree(doc.body()).get("id").asText();
        HttpResponse<String> upload = send(request("/api/v1/uploads", ana).header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", "10").header("Upload-Metadata", "filename " + b64("upload.bin") + ",name "
                        + b64(SECRET_NAME + "-upload"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(upload.statusCode()).as(upload.body()).isEqualTo(201);
        anaUpload = upload.headers().firstValue("Location").orElseThrow();
        assertThat(send("POST", "/api/v1/queues/hostile/jobs", ana, "{\"type\":\"t\",\"payload\":{}}").statusCode()).isEqualTo(201);
    }

    @AfterAll
    void stop() {
        if (stowage != null) {
            stowage.close();
        }
    }

    @Test
    void hundredsOfHostileRequestsGetCleanClientErrors() throws IOException {
        timesPastEveryBound();
        numbersPastEveryBound();
        numericHeadersPastEveryBound();
        brokenBodies();
        ambiguousRequests();
        textThatIsNotUnicode();
        namesThatReadAsPaths();
        anotherOwnersThings();
        secretsInTheRequest();
        pathsAndMarkup();
        legacyImports();
        backups();
        consoleApi();

        assertThat(failures).as("hostile requests answered wrongly").isEmpty();
        assertThat(checked).as("requests in the hostile suite").hasSizeGreaterThanOrEqualTo(300);
        HttpResponse<String> health = send("GET", "/health", null, null);
        assertThat(health.statusCode()).isEqualTo(200);
        // ana's own things are untouched by all of it
        HttpResponse<String> mine = send("GET", "/api/v1/documents/" + anaDoc + "/content", ana, null);
        assertThat(mine.body()).isEqualTo(SECRET_CONTENT);
        assertThat(json.readTree(send("GET", "/api/v1/documents", ana, null).body()).get("items")).hasSize(1);
    }

    // --- the corpus --------------------------------------------------------------------------------

    private static final String[] BAD_INSTANTS = {
        "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "+1000000000-01-01T00:00:00Z",
        "0000-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "-0001-01-01T00:00:00Z", "yesterday", "2026-13-01T00:00:00Z",
        "2026-02-30T00:00:00Z", "99999999999999999999", "1e9", "2026-01-01", "2026-01-01T00:00:00", " ",
    };
    private static final String[] BAD_DURATIONS = {
        "P99999999999D", "P9999999999999D", "PT99999999999999H", "PT9223372036854775807S", "PT99999999999999999999S",
        "-PT1H", "-P1D", "P3651D", "P1Y", "1h", "PT", "P", "99", "PT-0.000000001S",
    };
    private static final String[] BAD_INTEGERS = {
        "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999", "1e400", "-1e400", "1.5", "0x10",
    };

    private void timesPastEveryBound() {
        for (String param : new String[] {"createdFrom", "createdBefore"}) {
            for (String v : BAD_INSTANTS) {
                client("GET", "/api/v1/jobs?" + param + "=" + enc(v), root, null, 400, param);
            }
        }
        for (String v : BAD_DURATIONS) {
            client("GET", "/api/v1/queues/q/stats?window=" + enc(v), root, null, 400, "window");
        }
        client("GET", "/api/v1/queues/q/stats?window=PT0S", root, null, 400, "window");
        for (String v : BAD_DURATIONS) {
            client("POST", "/api/v1/jobs/purge", root, "{\"olderThan\":\"" + v + "\"}", 400, "olderThan");
        }
        for (String v : BAD_INSTANTS) {
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"runAt\":\"" + v + "\"}", 400, null);
        }
        for (String v : BAD_DURATIONS) {
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"estimatedDuration\":\"" + v + "\"}", 400, null);
            client("PUT", "/api/v1/queues/hostile/settings", root, "{\"leaseDuration\":\"" + v + "\"}", 400, null);
            client("PUT", "/api/v1/queues/hostile/settings", root, "{\"backoff\":{\"max\":\"" + v + "\"}}", 400, null);
            client("PUT", "/api/v1/templates/Hostile", root,
                    "{\"queue\":\"q\",\"type\":\"t\",\"estimatedDuration\":\"" + v + "\"}", 400, null);
        }
    }

    private void numbersPastEveryBound() {
        for (String v : BAD_INTEGERS) {
            client("GET", "/api/v1/jobs?limit=" + enc(v), root, null, 400, "limit");
            client("GET", "/api/v1/documents?limit=" + enc(v), ben, null, 400, "limit");
            client("GET", "/api/v1/public/documents?limit=" + enc(v), null, null, 400, "limit");
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"priority\":" + v + "}", 400, null);
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"maxAttempts\":" + v + "}", 400, null);
            client("POST", "/api/v1/queues/hostile/claim", ben, "{\"worker\":\"w\",\"max\":" + v + "}", 400, null);
            client("POST", "/api/v1/queues/hostile/claim", ben, "{\"worker\":\"w\",\"leaseSeconds\":" + v + "}", 400, null);
            client("POST", "/api/v1/queues/hostile/claim", ben, "{\"worker\":\"w\",\"waitSeconds\":" + v + "}", 400, null);
            client("PUT", "/api/v1/queues/hostile/settings", root, "{\"maxConcurrency\":" + v + "}", 400, null);
            if (!v.equals("1.5")) { // a fine multiplier
                client("PUT", "/api/v1/queues/hostile/settings", root, "{\"backoff\":{\"multiplier\":" + v + "}}", 400, null);
            }
        }
        for (String v : new String[] {"0", "-1", "1001"}) {
            client("GET", "/api/v1/jobs?limit=" + v, root, null, 400, "limit");
        }
        client("POST", "/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV/heartbeat", ben,
                "{\"lease\":\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",\"progress\":{\"percent\":2147483648}}", 400, null);
    }

    private void numericHeadersPastEveryBound() throws IOException {
        String content = "/api/v1/documents/" + anaDoc + "/content";
        for (String range : new String[] {"bytes=99999999999999999999-", "bytes=-99999999999999999999",
                "bytes=0-99999999999999999999", "bytes=9223372036854775807-", "bytes=-9223372036854775808", "bytes=--1"}) {
            clientWithHeaders("GET", content, ana, 416, "Range", range);
        }
        for (String v : new String[] {"99999999999999999999", "9223372036854775808", "-1", "1e3", "+1", "0x1", "ten"}) {
            clientWithHeaders("POST", "/api/v1/uploads", ben, 400, "Tus-Resumable", "1.0.0", "Upload-Length", v,
                    "Upload-Metadata", "filename " + b64("x.bin"));
            clientWithHeaders("PATCH", anaUpload, ana, 400, "Tus-Resumable", "1.0.0", "Upload-Offset", v,
                    "Content-Type", "application/offset+octet-stream");
        }
        clientWithHeaders("PATCH", "/api/v1/documents/" + anaDoc, ana, 412, "If-Match", "\"v99999999999999999999\"");
        for (String length : new String[] {"99999999999999999999", "-5", "1e3", "12, 13"}) {
            raw("POST /api/v1/queues/hostile/jobs HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ben
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n{}", true, 400);
        }
    }

    private void brokenBodies() throws IOException {
        String[] bodies = {"zz\r\nhello\r\n0\r\n\r\n", "-5\r\nhello\r\n0\r\n\r\n", "FFFFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n",
            "5\r\nhello\r\nzz\r\n", "5\r\nhello\r\n", "10\r\nhello"};
        for (String body : bodies) {
            raw(head("POST", "/api/v1/documents?name=broken", ben, "Transfer-Encoding: chunked",
                    "Content-Type: text/plain") + body, true, 400);
            raw(head("POST", "/api/v1/queues/hostile/jobs", ben, "Transfer-Encoding: chunked",
                    "Content-Type: application/json") + body, true, 400);
            raw(head("PATCH", anaUpload, ana, "Tus-Resumable: 1.0.0", "Upload-Offset: 0",
                    "Content-Type: application/offset+octet-stream", "Transfer-Encoding: chunked") + body, true, 400);
        }
        raw(head("POST", "/api/v1/documents?name=short", ben, "Content-Length: 100", "Content-Type: text/plain")
                + "ten bytes!", true, 400);
        raw(head("POST", "/api/v1/queues/hostile/jobs", ben, "Content-Length: 100", "Content-Type: application/json")
                + "{\"type\":", true, 400);
        assertThat(send("HEAD", anaUpload, ana, null, "Tus-Resumable", "1.0.0").headers().firstValue("Upload-Offset"))
                .as("a malformed PATCH leaves the offset").hasValue("0");
        assertThat(json.readTree(send("GET", "/api/v1/documents", ben, null).body()).get("items")).as("nothing stored").isEmpty();
    }

    private void ambiguousRequests() throws IOException {
        for (String[] pair : new String[][] {{ben, ben}, {ben, ana}, {"nonsense", ben}}) {
            raw("GET /api/v1/usage HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + pair[0]
                    + "\r\nAuthorization: Bearer " + pair[1] + "\r\n\r\n", false, 400);
        }
        raw("GET /api/v1/documents/" + anaDoc + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + ben
                + "\r\nAuthorization: Bearer " + ana + "\r\n\r\n", false, 400);
        for (String te : new String[] {"gzip, chunked", "deflate, chunked", "compress, chunked", "identity, chunked", "br, chunked"}) {
            raw(head("POST", "/api/v1/documents?name=gz", ben, "Transfer-Encoding: " + te, "Content-Type: text/plain")
                    + "5\r\nhello\r\n0\r\n\r\n", false, 400);
            raw(head("POST", "/api/v1/queues/hostile/jobs", ben, "Transfer-Encoding: " + te, "Content-Type: application/json")
                    + "2\r\n{}\r\n0\r\n\r\n", false, 400);
        }
        assertThat(json.readTree(send("GET", "/api/v1/documents", ben, null).body()).get("items"))
                .as("no body under an unknown coding was stored").isEmpty();
    }

    private void textThatIsNotUnicode() {
        String[] lone = {"\\ud800", "\\udfff", "a\\ud800b", "\\udc00\\ud800", "\\ud83d"};
        for (String s : lone) {
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"payload\":{\"x\":\"" + s + "\"}}", 400, "surrogate");
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"payload\":{\"" + s + "\":1}}", 400, "surrogate");
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"" + s + "\"}", 400, "surrogate");
            client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"dedupKey\":\"" + s + "\"}", 400, "surrogate");
            client("PUT", "/api/v1/templates/Lone", root, "{\"queue\":\"q\",\"type\":\"t\",\"description\":\"" + s + "\"}",
                    400, "surrogate");
            client("PATCH", "/api/v1/documents/" + anaDoc, ana, "{\"metadata\":{\"k\":\"" + s + "\"}}", 400, "surrogate",
                    "If-Match", "*");
        }
    }

    private void namesThatReadAsPaths() {
        String[] names = {"..", "../x", "..%2Fx", "..%2F..%2Fetc%2Fpasswd", ".hidden", "a%2Fb", "a%5Cb", "..%5C..%5Cwin.ini",
            "%3Cscript%3E", "a%22b", "%20lead", "trail%20", "a%00b", "a%0Ab", "x".repeat(200)};
        for (String n : names) {
            clientExpecting4xx("POST", "/api/v1/queues/" + n + "/jobs", ben, "{\"type\":\"t\"}");
            clientExpecting4xx("POST", "/api/v1/queues/" + n + "/claim", ben, "{\"worker\":\"w\"}");
            clientExpecting4xx("GET", "/api/v1/queues/" + n + "/settings", root, null);
            clientExpecting4xx("PUT", "/api/v1/templates/" + n, root, "{\"queue\":\"q\",\"type\":\"t\"}");
            clientExpecting4xx("GET", "/api/v1/templates/" + n, ben, null);
            clientExpecting4xx("POST", "/api/v1/templates/" + n + "/jobs", ben, null);
        }
        for (String q : new String[] {"../x", "..", "a/b", "<b>", " lead"}) {
            client("PUT", "/api/v1/templates/Paths", root, "{\"queue\":\"" + q + "\",\"type\":\"t\"}", 400, "queue name");
        }
        client("PUT", "/api/v1/templates/Quick%20Preview", root, "{\"queue\":\"render queue\",\"type\":\"t\"}", 200, null);
    }

    private void anotherOwnersThings() {
        String doc = "/api/v1/documents/" + anaDoc;
        client("GET", doc, ben, null, 404, null);
        client("GET", doc + "/content", ben, null, 404, null);
        client("GET", doc + "/content", null, null, 404, null);
        client("HEAD", doc + "/content", ben, null, 404, null);
        client("PATCH", doc, ben, "{\"name\":\"mine\"}", 404, null, "If-Match", "*");
        client("DELETE", doc, ben, null, 404, null);
        clientPut(doc + "/content", ben, 404);
        clientExpecting4xx("GET", "/api/v1/users/ana/usage", ben, null);
        client("GET", "/api/v1/documents?namePrefix=ana", ben, null, 200, null);
        client("GET", "/api/v1/public/documents", null, null, 200, null);
        client("GET", "/api/v1/public/documents?namePrefix=" + SECRET_NAME, null, null, 200, null);
        clientWithHeaders("HEAD", anaUpload, ben, 404, "Tus-Resumable", "1.0.0");
        clientWithHeaders("DELETE", anaUpload, ben, 404, "Tus-Resumable", "1.0.0");
        clientWithHeaders("PATCH", anaUpload, ben, 404, "Tus-Resumable", "1.0.0", "Upload-Offset", "0",
                "Content-Type", "application/offset+octet-stream");
        // the queue list shows a token the queues it may read (ben's read:* covers them all); listing jobs stays with administrators
        client("GET", "/api/v1/queues", ben, null, 200, null);
        for (String path : new String[] {"/api/v1/jobs", "/api/v1/jobs/recover", "/api/v1/queues/hostile/stats"}) {
            clientExpecting4xx(path.endsWith("recover") ? "POST" : "GET", path, ben, path.endsWith("recover") ? "{}" : null);
        }
    }

    private void secretsInTheRequest() {
        for (String where : new String[] {"/api/v1/nothing/" + STRAY_TOKEN, "/api/v1/jobs/" + STRAY_TOKEN,
                "/api/v1/documents/" + STRAY_TOKEN, "/api/v1/templates/.." + STRAY_TOKEN, "/api/v1/queues/.." + STRAY_TOKEN + "/settings",
                "/api/v1/documents/" + ana, "/api/v1/jobs/" + ben, "/" + root}) {
            clientExpecting4xx("GET", where, root, null);
        }
        client("GET", "/api/v1/jobs?createdFrom=" + STRAY_TOKEN, root, null, 400, "createdFrom");
        client("GET", "/api/v1/jobs?limit=" + STRAY_TOKEN, root, null, 400, "limit");
        client("GET", "/api/v1/jobs?cursor=" + STRAY_TOKEN, root, null, 400, null);
        client("GET", "/api/v1/jobs?state=" + STRAY_TOKEN, root, null, 400, "state");
        client("GET", "/api/v1/documents?sort=" + STRAY_TOKEN, ben, null, 400, "sort");
        client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"../" + STRAY_TOKEN + "\"}", 400, null);
        client("POST", "/api/v1/queues/hostile/jobs", ben, "{\"type\":\"t\",\"" + STRAY_TOKEN + "\":1}", 400, null);
        client("POST", "/api/v1/jobs/" + "01ARZ3NDEKTSV4RRFFQ69G5FAV" + "/heartbeat", ben, "{\"lease\":\"" + ana + "\"}", 400, null);
        for (String auth : new String[] {"Bearer " + STRAY_TOKEN, "Basic " + b64("ana:" + STRAY_TOKEN), STRAY_TOKEN,
                "Bearer " + ana + "x", "Bearer " + ana.substring(0, 20)}) {
            clientWithHeaders("GET", "/api/v1/usage", null, 401, "Authorization", auth);
        }
    }

    private void pathsAndMarkup() {
        for (String path : new String[] {"/api/v1/documents/%2e%2e/%2e%2e/etc/passwd", "/api/v1/%2e%2e/health",
                "/api/v1/documents/..%5c..%5cwin.ini", "/api/v1/documents/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "/api/v1/jobs/%27%20OR%201%3D1--", "/api/v1/documents/" + anaDoc + "%00", "/api/v2/jobs", "/api/v1/nothing-here",
                "/api/v1//jobs", "/api/v1/jobs/" + "9".repeat(500)}) {
            clientExpecting4xx("GET", path, ben, null);
        }
        client("DELETE", "/api/v1/queues", root, null, 405, null);
        client("PUT", "/api/v1/jobs/01ARZ3NDEKTSV4RRFFQ69G5FAV", root, "{}", 405, null);
        for (String body : new String[] {"{\"type\":", "not json", "[1,2]", "", "{\"type\":\"t\",\"type\":\"u\"}", "\"t\"", "null",
                "{\"type\":\"t\",\"payload\":" + "[".repeat(300) + "]".repeat(300) + "}"}) {
            client("POST", "/api/v1/queues/hostile/jobs", ben, body, 400, null);
        }
    }

    /**
     * The legacy import of programs: bodies that are no export, the wrong media type, broken framing,
     * another user, and exports whose entries are hostile (a decompression bomb, a broken data URL,
     * markup and paths in names, a secret where a time belongs), each of which is that entry's
     * problem in a 200 report while the rest come in.
     */
    private void legacyImports() throws IOException {
        String path = "/api/v1/programs/import";
        for (String body : new String[] {"", " ", "not json", "{}", "null", "42", "\"[]\"", "[{\"id\":", "[{\"id\":\"a\",",
            "\ufeff{\"programs\":[]}", "{\"programs\":" + "[".repeat(300) + "]".repeat(300) + "}"}) {
            client("POST", path, root, body, 400, "programs export");
        }
        for (String type : new String[] {"text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b",
            "application/json; charset=utf-16", "application/xml", "*/*"}) {
            client("POST", path, root, "[]", 415, "application/json", "Content-Type", type);
        }
        client("POST", path + "?dryRun=maybe", root, "[]", 400, "dryRun");
        client("POST", path + "?dryRun=" + enc(STRAY_TOKEN), root, "[]", 400, "dryRun");
        clientExpecting4xx("POST", path, ben, "[]");
        clientExpecting4xx("POST", path, null, "[]");
        clientExpecting4xx("GET", path, root, null);
        clientExpecting4xx("PUT", path, root, "[]");
        for (String body : new String[] {"zz\r\n[]\r\n0\r\n\r\n", "5\r\n[{\"id\r\nzz\r\n", "10\r\n[{\"id\"", "2\r\n[{\r\n"}) {
            raw(head("POST", path, root, "Transfer-Encoding: chunked", "Content-Type: application/json") + body, true, 400);
        }
        raw(head("POST", path, root, "Content-Length: 5000", "Content-Type: application/json") + "[{\"id\":\"cut\"", true, 400);
        for (String te : new String[] {"gzip, chunked", "deflate, chunked"}) {
            raw(head("POST", path, root, "Transfer-Encoding: " + te, "Content-Type: application/json") + "2\r\n[]\r\n0\r\n\r\n",
                    false, 400);
        }

        String png = "data:image/png;base64," + Base64.getEncoder().encodeToString(ProgramServiceSuite.png(32, 24));
        String bomb = "data:image/png;base64," + Base64.getEncoder().encodeToString(ProgramServiceSuite.bombPng(100_000, 100_000));
        String hostile = "[" + String.join(",",
                legacyEntry("hostile-bomb", "Bomb", "2025-01-01T00:00:00Z", bomb),
                legacyEntry("hostile-url", "Broken Url", "2025-01-01T00:00:00Z", "data:image/png;base64,@@@@"),
                legacyEntry("hostile-svg", "Svg", "2025-01-01T00:00:00Z",
                        "data:image/svg+xml;base64," + b64("<svg onload=alert(1)></svg>")),
                legacyEntry("hostile-time", "Secret Time", STRAY_TOKEN, null),
                legacyEntry("../../etc/passwd", "../../win.ini", "2025-01-01T00:00:00Z", null),
                legacyEntry("hostile-markup", "<script>alert(1)</script>", "2025-01-01T00:00:00Z", png),
                legacyEntry("hostile-name", " ", "2025-01-01T00:00:00Z", null),
                "\"not an object\"", "[[[[]]]]") + "]";
        client("POST", path + "?dryRun=true", root, hostile, 200, "pixels");
        client("POST", path, root, hostile, 200, "pixels");
        client("POST", path, root, hostile, 200, "\"alreadyImported\":2");
    }

    private static String legacyEntry(String id, String name, String createdAt, String masterImage) {
        return "{\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"createdAt\":\"" + createdAt + "\",\"config\":{"
                + "\"masterImage\":" + (masterImage == null ? "null" : "\"" + masterImage + "\"") + "}}";
    }

    /** Backups: ids that are none, bodies and parameters past every rule, a user's token, bodies that are no archive. */
    private void backups() {
        for (String id : new String[] {"01ARZ3NDEKTSV4RRFFQ69G5FAV", "nope", "%2e%2e", "..%5c..%5cboot.ini",
                "%3Cscript%3Ealert(1)%3C%3E", "%27%20OR%201%3D1--", "9".repeat(500)}) {
            for (String route : new String[] {"GET ", "DELETE ", "GET /archive", "POST /verify"}) {
                String[] parts = route.split(" ", 2);
                clientExpecting4xx(parts[0], "/api/v1/backups/" + id + parts[1], root, null);
            }
        }
        for (String body : new String[] {"{\"label\":\"\"}", "{\"label\":1}", "{\"label\":\"" + "x".repeat(300) + "\"}",
                "{\"label\":\"a\\u0000b\"}", "{\"label\":\"\\ud800\"}", "[]", "not json", "{\"other\":1}"}) {
            client("POST", "/api/v1/backups", root, body, 400, null);
        }
        for (String body : new String[] {"{}", "{\"keepLast\":-1}", "{\"keepLast\":2147483648}", "{\"keepLast\":1e309}",
                "{\"keepDaily\":\"7\"}", "{\"keepWithin\":\"P99999999D\"}", "{\"keepWithin\":\"-P1D\"}",
                "{\"keepLast\":1,\"dryRun\":1}", "{\"keepLast\":1,\"keepLast\":2}"}) {
            client("POST", "/api/v1/backups/rotate", root, body, 400, null);
        }
        for (String query : new String[] {"limit=0", "limit=100000", "limit=x", "status=lost", "cursor=" + "%2e".repeat(20)}) {
            client("GET", "/api/v1/backups?" + query, root, null, 400, null);
        }
        client("GET", "/api/v1/backups", ben, null, 403, null);
        client("GET", "/api/v1/backups", null, null, 401, null);
        client("POST", "/api/v1/backups/import", ben, "x".repeat(1000), 403, null, "Content-Type", "application/x-tar");
        client("POST", "/api/v1/backups/import", root, "{}", 415, "--data-binary");
        client("POST", "/api/v1/backups/import", root, "<script>".repeat(200), 400, null, "Content-Type", "application/x-tar");
        client("POST", "/api/v1/backups/uploads", ben, null, 403, null, "Tus-Resumable", "1.0.0", "Upload-Length", "10");
        client("POST", "/api/v1/backups/uploads", root, null, 400, null, "Tus-Resumable", "1.0.0", "Upload-Length", "-1");
        client("POST", "/api/v1/backups/uploads", root, null, 400, null, "Tus-Resumable", "1.0.0", "Upload-Length", "0");
    }

    /** The console's routes: search text, bulk bodies, history bounds and event streams. */
    private void consoleApi() throws IOException {
        for (String q : new String[] {"%25", "_", "%27%20OR%201%3D1--", "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                "%5C", "%22", "..%2F..%2Fetc%2Fpasswd", "%F0%9F%98%80"}) {
            client("GET", "/api/v1/jobs?q=" + q, root, null, 200, null);
        }
        client("GET", "/api/v1/jobs?q=" + "x".repeat(201), root, null, 400, "'q'");
        client("GET", "/api/v1/jobs?q=" + "%00", root, null, 400, null);
        client("GET", "/api/v1/jobs?q=a", ana, null, 403, null);
        String many = "\"01ARZ3NDEKTSV4RRFFQ69G5FAV\",".repeat(1001);
        for (String body : new String[] {"", "null", "[]", "\"retry\"", "{}", "{\"action\":null,\"filter\":{}}",
                "{\"action\":\"RETRY!\",\"filter\":{}}", "{\"action\":\"retry\",\"filter\":[]}",
                "{\"action\":\"retry\",\"filter\":{},\"ids\":[]}", "{\"action\":\"retry\",\"ids\":[1]}",
                "{\"action\":\"retry\",\"ids\":[\"<script>\"]}", "{\"action\":\"retry\",\"ids\":[" + many + "\"x\"]}",
                "{\"action\":\"retry\",\"filter\":{\"state\":\"failed,lost\"}}",
                "{\"action\":\"retry\",\"filter\":{\"queue\":\"../etc\"}}",
                "{\"action\":\"retry\",\"filter\":{\"createdTo\":\"+999999999-12-31T23:59:59Z\"}}",
                "{\"action\":\"retry\",\"filter\":{\"q\":\"" + "q".repeat(201) + "\"}}",
                "{\"action\":\"retry\",\"filter\":{\"q\":\"\\u0000\"}}",
                "{\"action\":\"retry\",\"filter\":{},\"action\":\"delete\"}",
                "{\"action\":\"retry\",\"filter\":{\"queue\":" + "[".repeat(5000) + "}}"}) {
            clientExpecting4xx("POST", "/api/v1/jobs/bulk", root, body);
        }
        client("POST", "/api/v1/jobs/bulk", ben, "{\"action\":\"delete\",\"filter\":{}}", 403, null);
        client("POST", "/api/v1/jobs/bulk", null, "{\"action\":\"delete\",\"filter\":{}}", 401, null);
        client("POST", "/api/v1/jobs/bulk?dryRun=yes", root, "{\"action\":\"delete\",\"filter\":{}}", 400, "dryRun");
        clientExpecting4xx("POST", "/api/v1/jobs/bulk", root, "{\"action\":\"retry\",\"filter\":{\"q\":\""
                + "z".repeat(3 << 20) + "\"}}");
        for (String query : new String[] {"window=PT0S", "window=P99999999999D", "window=-PT1H", "step=PT0.001S",
                "step=P3651D", "window=PT1M&step=PT1H", "window=P31D&step=PT1S", "window=%3Cscript%3E"}) {
            client("GET", "/api/v1/queues/hostile/history?" + query, root, null, 400, null);
        }
        client("GET", "/api/v1/queues/%2e%2e/history", root, null, 400, null);
        for (String job : new String[] {"nope", "%2e%2e%2f", "%3Cscript%3E", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "9".repeat(500)}) {
            clientExpecting4xx("GET", "/api/v1/events?job=" + job, root, null);
        }
        client("GET", "/api/v1/events", null, null, 401, null);
        client("GET", "/api/v1/events", STRAY_TOKEN, null, 401, null);
        // a bogus Last-Event-ID is only a hint: the stream opens with the current state
        for (String lastId : new String[] {"-1", "99999999999999999999999", "<script>", "x".repeat(4000), "\u00ff"}) {
            probe(() -> streamOpens(lastId));
        }
        // streams whose clients never read do not stop the server answering others
        var idle = new ArrayList<java.net.Socket>();
        try {
            for (int i = 0; i < 20; i++) {
                var socket = new java.net.Socket("127.0.0.1", port);
                socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + root
                        + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                idle.add(socket);
            }
            client("GET", "/api/v1/queues", root, null, 200, null);
        } finally {
            for (var socket : idle) {
                socket.close();
            }
        }
    }

    /** Opens an event stream with {@code lastEventId} and reads up to its first event's data. */
    private void streamOpens(String lastEventId) {
        try (var socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            socket.getOutputStream().write(("GET /api/v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + root
                    + "\r\nLast-Event-ID: " + lastEventId + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            var in = socket.getInputStream();
            var seen = new StringBuilder();
            int b;
            while (!seen.toString().contains("event: queues\ndata: {") && (b = in.read()) != -1 && seen.length() < 100_000) {
                seen.append((char) b);
            }
            String label = "GET /api/v1/events Last-Event-ID " + abbreviate(lastEventId);
            checked.add(label);
            assertThat(seen.toString()).as(label).startsWith("HTTP/1.1 200").contains("text/event-stream")
                    .contains("event: queues\ndata: {");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // --- sending and checking ---------------------------------------------------------------------

    /** Runs one probe; a broken expectation is kept for the end instead of ending the run. */
    private void probe(Runnable probe) {
        try {
            probe.run();
        } catch (AssertionError | UncheckedIOException e) {
            failures.add(e.getMessage().strip());
        }
    }

    private void client(String method, String path, String token, String body, int status, String mention,
                        String... headers) {
        probe(() -> clientNow(method, path, token, body, status, mention, headers));
    }

    private void clientNow(String method, String path, String token, String body, int status, String mention,
                           String... headers) {
        HttpRequest.Builder b = request(path, token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = send(b.build());
        String label = method + " " + path + (body == null ? "" : " " + abbreviate(body));
        check(label, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), token);
        assertThat(r.statusCode()).as(label + " -> " + r.body()).isEqualTo(status);
        if (mention != null) {
            assertThat(r.body().toLowerCase(Locale.ROOT)).as(label).contains(mention.toLowerCase(Locale.ROOT));
        }
    }

    private void clientWithHeaders(String method, String path, String token, int status, String... headers) {
        client(method, path, token, null, status, null, headers);
    }

    private void clientExpecting4xx(String method, String path, String token, String body) {
        probe(() -> clientExpecting4xxNow(method, path, token, body));
    }

    private void clientExpecting4xxNow(String method, String path, String token, String body) {
        HttpRequest.Builder b = request(path, token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = send(b.build());
        String label = method + " " + path;
        check(label, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), token);
        assertThat(r.statusCode()).as(label + " -> " + r.body()).isBetween(400, 499);
    }

    private void clientPut(String path, String token, int status) {
        probe(() -> clientPutNow(path, token, status));
    }

    private void clientPutNow(String path, String token, int status) {
        HttpResponse<String> r = send(request(path, token).header("If-Match", "*").header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("replaced")).build());
        check("PUT " + path, r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(), token);
        assertThat(r.statusCode()).isEqualTo(status);
    }

    private void raw(String request, boolean hangUp, int status) throws IOException {
        String answer = RawHttp.exchange(port, request, hangUp);
        probe(() -> rawChecked(request, answer, status));
    }

    private void rawChecked(String request, String answer, int status) {
        int head = answer.indexOf("\r\n\r\n");
        String headers = head < 0 ? answer : answer.substring(0, head);
        String body = head < 0 ? "" : answer.substring(head + 4);
        var type = Pattern.compile("(?im)^content-type: *(.+)$").matcher(headers);
        String label = "raw " + abbreviate(request.substring(0, request.indexOf('\r')));
        check(label, RawHttp.status(answer), type.find() ? type.group(1).strip() : "", body, null);
        assertThat(RawHttp.status(answer)).as(label + " -> " + answer).isEqualTo(status);
    }

    private void check(String label, int status, String contentType, String body, String token) {
        checked.add(label);
        assertThat(status).as(label + ": no 5xx -> " + body).isBetween(100, 499);
        if (status >= 400 && !label.startsWith("HEAD")) {
            assertThat(contentType).as(label + ": a problem body").startsWith("application/problem+json");
        }
        assertThat(STACK.matcher(body).find()).as(label + ": no stack trace in " + body).isFalse();
        assertThat(CLASS_NAME.matcher(body).find()).as(label + ": no class name in " + body).isFalse();
        assertThat(body).as(label + ": no server path").doesNotContain(dir.toString(), System.getProperty("java.io.tmpdir") + "/",
                System.getProperty("user.dir"));
        assertThat(body).as(label + ": no token").doesNotContain(ana, ben, root, STRAY_TOKEN, STRAY_TOKEN.substring(4));
        if (!ana.equals(token)) {
            assertThat(body).as(label + ": nothing of ana's private document")
                    .doesNotContain(SECRET_CONTENT, SECRET_NAME, SECRET_META);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String... headers) {
        HttpRequest.Builder b = request(path, token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.setHeader(headers[i], headers[i + 1]);
        }
        return send(b.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException closedWhileIdle) {
                // The server may close a kept-alive connection after refusing a request whose body
                // it did not read; the client's pool can hand that connection out once more.
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String head(String method, String path, String token, String... headers) {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                .append("Authorization: Bearer ").append(token).append("\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    private static String enc(String v) {
        return URLEncoder.encode(v, StandardCharsets.UTF_8);
    }

    private static String b64(String v) {
        return Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8));
    }

    private static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }
}
