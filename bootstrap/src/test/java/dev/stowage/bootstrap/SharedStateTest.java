package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Two service instances on one database (each with a data folder of its own) see what the other
 * changes: a token revoked through one is refused by the other within its one-second acceptance, a
 * queue paused through one hands out nothing through the other and resumed hands out again, a
 * queue's settings changed through one bound the claims of the other, a document is still refused
 * to another owner through either, and one of them runs maintenance. Run on both database backends:
 * one SQLite file, and one PostgreSQL database (a fresh one per test).
 */
@ParameterizedClass(name = "{0}")
@ValueSource(strings = {"sqlite", "postgres"})
class SharedStateTest {
    /** Far longer than any of the changes needs to show; only a bound, never a measured figure. */
    private static final Duration BOUND = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newHttpClient();

    @Parameter
    String backend;
    @TempDir
    Path dir;
    private Stowage a;
    private Stowage b;

    @BeforeEach
    void startTwoInstances() {
        Map<String, String> database = new HashMap<>(Map.of(
                "stowage.database.path", dir.resolve("shared").resolve("stowage.db").toString()));
        if (backend.equals("postgres")) {
            TestPostgres.Database db = TestPostgres.shared().freshDatabase("shared_state");
            database.putAll(Map.of("stowage.database.backend", "postgres",
                    "stowage.database.postgres.url", db.url(),
                    "stowage.database.postgres.user", db.user(),
                    "stowage.database.postgres.password", db.password()));
        }
        a = Stowage.service(config("a", database));
        b = Stowage.service(config("b", database));
        a.start();
        b.start();
        if (backend.equals("postgres")) {
            // the configuration really took both to PostgreSQL: no SQLite file was opened
            assertThat(dir.resolve("shared").resolve("stowage.db")).doesNotExist();
        }
    }

    @AfterEach
    void stop() {
        if (b != null) {
            b.stop();
        }
        if (a != null) {
            a.stop();
        }
    }

    private StowageConfig config(String instance, Map<String, String> database) {
        Map<String, String> keys = new HashMap<>(database);
        keys.putAll(Map.of(
                "stowage.data-dir", dir.resolve(instance).toString(),
                "stowage.blobs.fs.root", dir.resolve("shared").resolve("blobs").toString(),
                "stowage.http.port", "0"));
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), keys));
    }

    @Test
    void exactlyOneInstanceLeadsMaintenance() {
        boolean aLeads = a.instance(MaintenanceLeader.class).isLeader();
        boolean bLeads = b.instance(MaintenanceLeader.class).isLeader();

        assertThat(aLeads ^ bLeads).as("a leads: " + aLeads + ", b leads: " + bLeads).isTrue();
    }

    @Test
    void aTokenRevokedThroughOneInstanceIsRefusedByTheOther() throws Exception {
        var tokens = a.instance(ManageTokensUseCase.class);
        var issued = tokens.issue(new UserId("ana"), false, TokenScopes.none(), "laptop");
        assertThat(get(b, "/api/v1/documents", issued.secret()).statusCode()).isEqualTo(200);

        tokens.revoke(issued.token().id());

        assertThat(eventually(() -> get(b, "/api/v1/documents", issued.secret()), r -> r.statusCode() == 401))
                .as("refused through the other instance").isTrue();
        assertThat(get(a, "/api/v1/documents", issued.secret()).statusCode()).isEqualTo(401);
    }

    @Test
    void aQueuePausedThroughOneInstanceHandsOutNothingThroughTheOtherUntilResumed() throws Exception {
        String admin = a.instance(ManageTokensUseCase.class).issue(new UserId("ops"), true, TokenScopes.none(), "ops").secret();
        a.queue().pause("renders");
        a.queue().enqueue("renders", "render", "{}");

        String none = post(b, "/api/v1/queues/renders/claim", admin, "{\"worker\":\"w1\"}").body();
        assertThat(none).contains("\"jobs\":[]");

        a.queue().resume("renders");

        assertThat(eventually(() -> post(b, "/api/v1/queues/renders/claim", admin, "{\"worker\":\"w1\"}"),
                r -> r.body().contains("\"type\":\"render\""))).as("handed out through the other instance").isTrue();
    }

    @Test
    void settingsChangedThroughOneInstanceBoundTheClaimsOfTheOther() throws Exception {
        String admin = a.instance(ManageTokensUseCase.class).issue(new UserId("ops"), true, TokenScopes.none(), "ops").secret();
        a.instance(AdministerQueuesUseCase.class).changeSettings(new QueueName("renders"),
                s -> new QueueSettings(s.queue(), s.paused(), 1, s.defaultMaxAttempts(), s.backoff(), s.leaseDuration()));
        for (int i = 0; i < 3; i++) {
            a.queue().enqueue("renders", "render", "{}");
        }

        // at most one of the queue's jobs runs at once: three asked for through b, one handed out
        String claimed = post(b, "/api/v1/queues/renders/claim", admin, "{\"worker\":\"w1\",\"max\":3}").body();
        assertThat(claimed.split("\"type\":\"render\"", -1)).as(claimed).hasSize(2);
        assertThat(post(b, "/api/v1/queues/renders/claim", admin, "{\"worker\":\"w2\",\"max\":3}").body())
                .contains("\"jobs\":[]");
    }

    @Test
    void aDocumentStoredThroughOneInstanceIsItsOwnersOnlyThroughTheOther() throws Exception {
        var tokens = a.instance(ManageTokensUseCase.class);
        String ana = tokens.issue(new UserId("ana"), false, TokenScopes.none(), "ana").secret();
        String bob = tokens.issue(new UserId("bob"), false, TokenScopes.none(), "bob").secret();
        Document doc = a.documents().upload("ana", "q3.txt", "text/plain",
                new ByteArrayInputStream("figures".getBytes(StandardCharsets.UTF_8)));

        assertThat(get(b, "/api/v1/documents/" + doc.id().value(), ana).statusCode()).isEqualTo(200);
        assertThat(get(b, "/api/v1/documents/" + doc.id().value(), bob).statusCode()).isEqualTo(404);
        assertThat(get(b, "/api/v1/documents/" + doc.id().value() + "/content", bob).statusCode()).isEqualTo(404);
    }

    private HttpResponse<String> get(Stowage s, String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(Stowage s, String path, String token, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Asks until the answer satisfies {@code done} or {@link #BOUND} has passed. */
    private static boolean eventually(Call call, Predicate<HttpResponse<String>> done) throws Exception {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (System.nanoTime() < deadline) {
            if (done.test(call.send())) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }
}
