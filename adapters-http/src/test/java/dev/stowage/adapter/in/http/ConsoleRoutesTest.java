package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URISyntaxException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The console's static files over real HTTP: the page with and without its trailing slash, the
 * security headers on every answer, revalidation with ETags, and no way out of the console's
 * folder (dot segments plain or encoded, other names, folders). The browser tests in bootstrap
 * drive the console itself.
 */
class ConsoleRoutesTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = new TestApi();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console", "/console/", "/console/index.html"})
    void thePageIsServedWithAndWithoutTheSlashWithoutAToken(String path) {
        HttpResponse<String> r = api.get(path, null);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/html;charset=utf-8");
        assertThat(r.body()).contains("<script type=\"module\" src=\"/console/app.js\"></script>");
        assertSecurityHeaders(r);
    }

    @Test
    void modulesAndStylesHaveTheirTypesAndTheSameHeaders() {
        HttpResponse<String> js = api.get("/console/app.js", null);
        HttpResponse<String> css = api.get("/console/console.css", null);

        assertThat(js.statusCode()).isEqualTo(200);
        assertThat(js.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/javascript;charset=utf-8");
        assertThat(js.body()).contains("import");
        assertSecurityHeaders(js);
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElseThrow().replace(" ", "")).isEqualTo("text/css;charset=utf-8");
        assertSecurityHeaders(css);
    }

    @Test
    void theContentSecurityPolicyAllowsNoInlineCodeAndNoEval() {
        String csp = api.get("/console", null).headers().firstValue("Content-Security-Policy").orElseThrow();

        assertThat(csp).doesNotContain("unsafe-inline").doesNotContain("unsafe-eval").doesNotContain("*")
                .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' blob: data:",
                        "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'none'");
    }

    @Test
    void anUnchangedFileIsRevalidatedWithItsETag() {
        HttpResponse<String> first = api.get("/console/jobs.js", null);
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> again = api.get("/console/jobs.js", null, "If-None-Match", etag);

        assertThat(first.headers().firstValue("Cache-Control")).hasValue("no-cache");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(api.get("/console/jobs.js", null, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/missing.js", "/console/App.js", "/console/app.JS", "/console/notes.txt",
            "/console/.hidden.js", "/console/app.js.map", "/console/index", "/console/console/app.js",
            "/console/%2e%2e", "/console/%2e%2e%2fapi%2fv1%2fopenapi.json"})
    void anyOtherNameIsNotFoundAndNeverAListing(String path) {
        HttpResponse<String> r = api.get(path, null);

        assertThat(r.statusCode()).as(path).isIn(400, 404);
        // (a 404's problem names the path as its instance, so the body is checked for file contents only)
        assertThat(r.body()).doesNotContain("import {").doesNotContain("\"openapi\"").doesNotContain("<html");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/console/../api/v1/openapi.json", "/console/%2e%2e/api/v1/openapi.json",
            "/console/%2E%2E/%2E%2E/etc/passwd", "/console/..%2fHttpServer.class", "/console/..%5capp.js",
            "/console/%2e%2e%2f%2e%2e%2fopenapi.json", "/console/./../openapi.json", "/console//app.js/.."})
    void dotSegmentsPlainOrEncodedNeverReachAFileOutsideTheConsole(String rawPath) throws IOException {
        String answer = raw(rawPath);

        int status = Integer.parseInt(answer.substring(9, 12));
        // Jetty refuses an ambiguous path (400) or the console finds no such file (404); a plain ".."
        // that Jetty resolves leaves /console, and then must not land on a console file's bytes.
        assertThat(answer).as(rawPath).doesNotContain("\"openapi\"").doesNotContain("root:").doesNotContain("import {")
                .doesNotContain("CAFEBABE");
        assertThat(status).as(rawPath).isIn(400, 404);
    }

    @Test
    void theConsoleCodeNeverTurnsTextIntoHtmlOrCode() throws IOException, URISyntaxException {
        Path folder = Path.of(ConsoleRoutesTest.class.getResource("console/app.js").toURI()).getParent();
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(f -> f.toString().endsWith(".js") || f.toString().endsWith(".html")).toList();
        }
        assertThat(files).hasSizeGreaterThan(5);
        Pattern forbidden = Pattern.compile("innerHTML|outerHTML|insertAdjacentHTML|document\\.write|\\beval\\(|new Function\\("
                + "|setTimeout\\(\\s*['\"`]|<script>|\\sstyle=|\\son[a-z]+=");
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            Matcher m = forbidden.matcher(text);
            assertThat(m.find()).as(f.getFileName() + " uses " + (m.hitEnd() ? "" : text.substring(m.start(), m.end()))).isFalse();
        }
        // and nothing logs or stores the token anywhere but sessionStorage
        for (Path f : files) {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            assertThat(text).as(f.getFileName().toString()).doesNotContain("console.log").doesNotContain("localStorage.");
        }
    }

    private static void assertSecurityHeaders(HttpResponse<String> r) {
        assertThat(r.headers().firstValue("Content-Security-Policy")).hasValue(ConsoleRoutes.CSP);
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(r.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(r.headers().firstValue("ETag")).isPresent();
    }

    /** Sends the request line exactly as written: an HTTP client would normalise the path. */
    private static String raw(String rawPath) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), api.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + rawPath + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
