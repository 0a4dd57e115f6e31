package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** CORS over real HTTP: one server allows one page origin; another server allows none. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorsTest {
    private static final String PAGE = "http://127.0.0.1:5555";
    private static final String ELSEWHERE = "http://127.0.0.1:6666";

    private final TestApi api = new TestApi(new HttpSettings("127.0.0.1", 0, 4L << 20, Duration.ofSeconds(2))
            .withCorsAllowedOrigins(List.of("HTTP://127.0.0.1:5555")));

    @AfterAll
    void stop() {
        api.close();
    }

    @Test
    void everyRouteAnswersAPreflightFromAnAllowedOriginWithoutAToken() {
        List<String> routes = api.server.routes();
        assertThat(routes).anyMatch(r -> r.startsWith("PATCH " + Api.UPLOADS)).anyMatch(r -> r.startsWith("POST /api/v1/queues"));
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "01JNKQ3MZ8XQ7W2D5V1B9C4E6F");
            var r = api.send("OPTIONS", path, null, null, "Origin", PAGE, "Access-Control-Request-Method", method,
                    "Access-Control-Request-Headers", "authorization,content-type,tus-resumable,upload-offset,if-match");
            assertThat(r.statusCode()).as(route).isEqualTo(204);
            assertThat(header(r, "Access-Control-Allow-Origin")).as(route).contains(PAGE);
            assertThat(header(r, "Vary")).as(route).contains("Origin");
            assertThat(list(r, "Access-Control-Allow-Methods")).as(route).contains(method.toLowerCase(Locale.ROOT));
            assertThat(list(r, "Access-Control-Allow-Headers")).as(route).contains("authorization", "content-type",
                    "tus-resumable", "upload-offset", "upload-length", "upload-metadata", "upload-concat",
                    "upload-checksum", "if-match", "x-http-method-override");
            assertThat(r.headers().firstValue("Access-Control-Allow-Credentials")).as(route).isEmpty();
        }
    }

    @Test
    void answersToAnAllowedOriginExposeWhatClientsRead() {
        var r = api.send("POST", Api.UPLOADS, api.ana, null, "Origin", PAGE, "Tus-Resumable", "1.0.0",
                "Upload-Length", "3", "Upload-Metadata", "filename " + "YS50eHQ=");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(header(r, "Access-Control-Allow-Origin")).contains(PAGE);
        assertThat(list(r, "Access-Control-Expose-Headers")).contains("location", "etag", "upload-offset",
                "upload-length", "upload-expires", "tus-resumable", "tus-version", "tus-extension", "tus-max-size",
                "stowage-document-id");

        // errors are readable by the page too, so it can show them
        var refused = api.get(Api.V1 + "/documents", null, "Origin", PAGE);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(header(refused, "Access-Control-Allow-Origin")).contains(PAGE);
    }

    @Test
    void tusDiscoveryStillAnswersAPlainOptions() {
        var r = api.send("OPTIONS", Api.UPLOADS, null, null, "Origin", PAGE);
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(header(r, "Tus-Version")).contains("1.0.0");
        assertThat(header(r, "Tus-Extension").orElseThrow()).contains("concatenation");
        assertThat(header(r, "Access-Control-Allow-Origin")).contains(PAGE);
    }

    @Test
    void anotherOriginGetsNoCorsHeaders() {
        var preflight = api.send("OPTIONS", Api.V1 + "/documents", null, null, "Origin", ELSEWHERE,
                "Access-Control-Request-Method", "GET");
        assertNoCors(preflight);
        assertThat(preflight.statusCode()).isNotEqualTo(204);
        var tusPreflight = api.send("OPTIONS", Api.UPLOADS, null, null, "Origin", ELSEWHERE,
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "upload-length");
        assertNoCors(tusPreflight);
        assertNoCors(api.get(Api.V1 + "/documents", api.ana, "Origin", ELSEWHERE));
        assertNoCors(api.get(Api.V1 + "/documents", api.ana, "Origin", "null"));
        // a look-alike: the same host on another scheme or with a path is another origin
        assertNoCors(api.get(Api.V1 + "/documents", api.ana, "Origin", "https://127.0.0.1:5555"));
        assertNoCors(api.get(Api.V1 + "/documents", api.ana, "Origin", PAGE + ".evil.example"));
    }

    @Test
    void withoutAllowedOriginsNoAnswerHasCorsHeaders() {
        try (TestApi closed = new TestApi()) {
            var preflight = closed.send("OPTIONS", Api.V1 + "/documents", null, null, "Origin", PAGE,
                    "Access-Control-Request-Method", "GET");
            assertNoCors(preflight);
            assertNoCors(closed.get(Api.V1 + "/documents", closed.ana, "Origin", PAGE));
            assertNoCors(closed.send("OPTIONS", Api.UPLOADS, null, null, "Origin", PAGE));
        }
    }

    @Test
    void originsAreCheckedWhenTheSettingsAreMade() {
        HttpSettings base = HttpSettings.defaults();
        assertThat(base.corsAllowedOrigins()).isEmpty();
        assertThat(base.withCorsAllowedOrigins(List.of("https://App.Example.com", "http://[::1]:8080"))
                .corsAllowedOrigins()).containsExactly("https://app.example.com", "http://[::1]:8080");
        for (String bad : List.of("app.example.com", "https://app.example.com/", "ftp://x", "https://a/b",
                "https://user@host", "", "https://")) {
            assertThatThrownBy(() -> base.withCorsAllowedOrigins(List.of(bad))).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> base.withCorsAllowedOrigins(List.of("*", PAGE)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStarAllowsEveryOrigin() {
        try (TestApi open = new TestApi(new HttpSettings("127.0.0.1", 0, 4L << 20, Duration.ofSeconds(2))
                .withCorsAllowedOrigins(List.of("*")))) {
            var r = open.get("/health", null, "Origin", ELSEWHERE);
            assertThat(header(r, "Access-Control-Allow-Origin")).contains(ELSEWHERE);
        }
    }

    private static void assertNoCors(HttpResponse<String> r) {
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase(Locale.ROOT).startsWith("access-control-"));
    }

    private static Optional<String> header(HttpResponse<?> r, String name) {
        return r.headers().firstValue(name);
    }

    private static List<String> list(HttpResponse<?> r, String name) {
        return Arrays.stream(header(r, name).orElse("").split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).toList();
    }
}
