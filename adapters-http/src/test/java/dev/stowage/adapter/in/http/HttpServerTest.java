package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.in.CheckHealthUseCase.Health;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import dev.stowage.application.port.out.Managed;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.QuotaExceededException;
import dev.stowage.domain.error.StorageCorruptException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.domain.error.VersionMismatchException;
import dev.stowage.domain.error.ForbiddenException;
import dev.stowage.domain.error.UnauthenticatedException;
import dev.stowage.domain.error.InvalidInputException;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The HTTP module over real HTTP on loopback. One server serves every test but the stop test. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpServerTest {
    private static final Health UP = new Health(true, Map.of(
            "database", ComponentHealth.up(Map.of("schemaVersion", "3", "journalMode", "wal")),
            "blobs", ComponentHealth.up(Map.of("backend", "fs"))));

    private final AtomicReference<Supplier<Health>> healthBehaviour = new AtomicReference<>(() -> UP);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ListAppender<ILoggingEvent> accessLog = new ListAppender<>();
    private PrometheusMeterRegistry registry;
    /** Only its use cases are used here: this class tests the server's own routes and error handling. */
    private TestApi useCases;
    private List<Managed> managed;
    private int port;

    @BeforeAll
    void start() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("stowage_test_requests").increment();
        useCases = new TestApi();
        managed = startServer();
        accessLog.start();
        ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).addAppender(accessLog);
    }

    @BeforeEach
    void reset() {
        healthBehaviour.set(() -> UP);
        accessLog.list.clear();
    }

    @AfterAll
    void stop() {
        ((Logger) LoggerFactory.getLogger(AccessLog.LOGGER)).detachAppender(accessLog);
        managed.forEach(Managed::stop);
        registry.close();
        useCases.close();
    }

    /** Assembles the module with Guice and starts what it contributes; sets {@link #port}. */
    private List<Managed> startServer() {
        CheckHealthUseCase health = () -> healthBehaviour.get().get();
        Injector injector = Guice.createInjector(
                new HttpModule(new HttpSettings("127.0.0.1", 0, 1024, Duration.ofSeconds(5))),
                binder -> {
                    binder.bind(CheckHealthUseCase.class).toInstance(health);
                    binder.bind(PrometheusMeterRegistry.class).toInstance(registry);
                },
                useCases.useCasesModule());
        List<Managed> parts = List.copyOf(injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })));
        assertThat(parts).singleElement().satisfies(m -> assertThat(m.phase()).isEqualTo(100));
        parts.forEach(Managed::start);
        port = injector.getInstance(HttpModule.BOUND_PORT).getAsInt();
        return parts;
    }

    @Test
    void healthIsUpWithSchemaVersionAndBackend() throws Exception {
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/json"));
        assertThat(r.body()).contains("\"status\":\"UP\"", "\"schemaVersion\":\"3\"",
                "\"blobBackend\":\"fs\"", "\"journalMode\":\"wal\"");
    }

    @Test
    void healthIs503WhenAComponentIsDown() throws Exception {
        healthBehaviour.set(() -> new Health(false, Map.of("database", ComponentHealth.down("disk gone"))));
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).contains("\"status\":\"DOWN\"", "disk gone");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("text/plain; version=0.0.4"));
        assertThat(r.body()).contains("stowage_test_requests_total 1.0");
    }

    @Test
    void unknownRouteIsA404Problem() throws Exception {
        HttpResponse<String> r = get("/no/such/thing?x=1");
        assertProblem(r, 404);
        assertThat(r.body()).contains("\"instance\":\"/no/such/thing\"", "\"type\":\"about:blank\"");
    }

    @Test
    void wrongMethodIsA405Problem() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/health"))
                .DELETE().build());
        assertProblem(r, 405);
    }

    @Test
    void declaredBodyOverTheLimitIsRefusedWith413() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[4096])).build());
        assertProblem(r, 413);
        assertThat(r.body()).contains("\"code\":\"TOO_LARGE\"");
    }

    static Stream<Arguments> domainErrors() {
        return Stream.of(
                Arguments.of(NotFoundException.of("document", "report"), 404),
                Arguments.of(new VersionMismatchException("program 'p'", 2, 3), 409),
                Arguments.of(new ForbiddenException("not yours"), 403),
                Arguments.of(new UnauthenticatedException("no token"), 401),
                Arguments.of(new InvalidInputException("name: too long"), 400),
                Arguments.of(new TooLargeException("upload", 10), 413),
                Arguments.of(new QuotaExceededException("owner 'ana' is over quota"), 507),
                Arguments.of(new StorageFullException("disk full", null), 507),
                Arguments.of(new StorageUnavailableException("database busy", null), 503));
    }

    @ParameterizedTest
    @MethodSource("domainErrors")
    void domainErrorsMapToTheirStatus(StowageException error, int status) throws Exception {
        healthBehaviour.set(() -> {
            throw error;
        });
        HttpResponse<String> r = get("/health");
        assertProblem(r, status);
        assertThat(r.body()).contains("\"code\":\"" + error.code().name() + "\"", "\"type\":\"urn:stowage:problem:");
        if (error.code().category() == dev.stowage.domain.error.ErrorCode.Category.STORAGE) {
            // the operator's message (files, devices) stays in the server's log
            assertThat(r.body()).doesNotContain(error.getMessage()).contains("\"detail\":\"The storage is");
        } else {
            assertThat(r.body()).contains("\"detail\":\"" + error.getMessage() + "\"");
        }
    }

    @Test
    void corruptStorageIsA500WithoutInternals() throws Exception {
        healthBehaviour.set(() -> {
            throw new StorageCorruptException("page 7 of /srv/secret-path/stowage.db", new IOException("x"));
        });
        HttpResponse<String> r = get("/health");
        assertProblem(r, 500);
        assertThat(r.body()).contains("STORAGE_CORRUPT").doesNotContain("secret-path", "IOException", "\tat ");
    }

    @Test
    void unexpectedExceptionIsA500WithAGenericDetail() throws Exception {
        healthBehaviour.set(() -> {
            throw new IllegalStateException("token=hunter2 leaked");
        });
        HttpResponse<String> r = get("/health");
        assertProblem(r, 500);
        assertThat(r.body()).doesNotContain("hunter2", "IllegalStateException", "at dev.stowage");
    }

    @Test
    void unexpectedErrorIsA500Too() throws Exception {
        healthBehaviour.set(() -> {
            throw new AssertionError("secret-in-error");
        });
        HttpResponse<String> r = get("/health");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).doesNotContain("secret-in-error");
    }

    @Test
    void accessLogHasMethodPathStatusAndNoCredentials() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/health?access_token=abc123"))
                .header("Authorization", "Bearer s3cr3t-token").GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String> lines = awaitAccessLines(1);
        assertThat(lines).singleElement().satisfies(line -> {
            assertThat(line).startsWith("GET /health 200 ").endsWith("ms");
            assertThat(line).doesNotContain("abc123", "s3cr3t", "Bearer", "?");
        });
    }

    @Test
    void stopLetsARequestInFlightFinishAndRefusesNewConnections() throws Exception {
        int sharedPort = port;
        List<Managed> own = startServer();
        try {
            drainsOnStop(own);
        } finally {
            own.forEach(Managed::stop);
            port = sharedPort;
        }
    }

    @Test
    void stopAnswersAWaitingClaimWithNoJobsInsteadOfAnError() throws Exception {
        int sharedPort = port;
        List<Managed> own = startServer();
        HttpServer server = (HttpServer) own.get(0);
        try {
            CompletableFuture<HttpResponse<String>> claim = client.sendAsync(HttpRequest.newBuilder(uri(
                            "/api/v1/queues/idle/claim"))
                    .header("Authorization", "Bearer " + useCases.ana).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"worker\":\"w\",\"waitSeconds\":30}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 400 && server.waitingClaims() == 0 && !claim.isDone(); i++) {
                Thread.sleep(25);
            }
            assertThat(server.waitingClaims()).as("the claim is waiting for work").isEqualTo(1);

            own.forEach(Managed::stop);
            // The claim would wait 30 s and the drain only 5 s: an answer at all means it was released.
            HttpResponse<String> r = claim.get(20, TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("{\"jobs\":[]}");
        } finally {
            own.forEach(Managed::stop);
            port = sharedPort;
        }
    }

    @Test
    void accessLogLeavesOutATokenSentInTheQueryOfAnApiRoute() throws Exception {
        String token = useCases.ana;
        for (String path : new String[] {"/api/v1/usage?access_token=" + token, "/api/v1/documents?token=" + token + "&limit=5",
                "/api/v1/uploads?Authorization=Bearer%20" + token, "/api/v1/no-such-route?token=" + token}) {
            send(HttpRequest.newBuilder(uri(path)).GET().build());
        }
        List<String> lines = awaitAccessLines(4);
        assertThat(lines).hasSize(4).allSatisfy(line -> assertThat(line).doesNotContain(token, "?", "token", "Bearer"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("GET /api/v1/usage 401 "));
    }

    private void drainsOnStop(List<Managed> server) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        healthBehaviour.set(() -> {
            entered.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return UP;
        });
        CompletableFuture<HttpResponse<String>> inFlight =
                client.sendAsync(HttpRequest.newBuilder(uri("/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Void> stopping = CompletableFuture.runAsync(() -> server.forEach(Managed::stop));
        awaitRefused();
        release.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        stopping.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> get("/health")).isInstanceOf(ConnectException.class);
    }

    private void awaitRefused() throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (IOException refused) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the server kept accepting connections while stopping");
    }

    private List<String> awaitAccessLines(int count) throws InterruptedException {
        for (int i = 0; i < 200 && accessLog.list.size() < count; i++) {
            Thread.sleep(10);
        }
        return accessLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private void assertProblem(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(r.body()).contains("\"status\":" + status, "\"title\":", "\"detail\":", "\"type\":");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
