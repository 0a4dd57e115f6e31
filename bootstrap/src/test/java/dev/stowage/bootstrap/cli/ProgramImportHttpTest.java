package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.LegacyFileGenerator;
import dev.stowage.testing.SharedFixtures;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/programs/import} on the service as {@code stowage serve} assembles it (SQLite
 * and the blob folder), against {@code stowage import programs --json} on a data folder of its own:
 * the same export gives the same report, a dry run leaves the database and the blob folder as they
 * were, a re-run adds nothing, and a generated export of several MB streams in chunked.
 */
class ProgramImportHttpTest extends CliDataTest {
    private static final String EXPORT = "legacy/vision_programs.json";
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void theHttpImportAnswersTheCliReportAndADryRunWritesNothing() throws Exception {
        Path export = Files.writeString(dir.resolve("export.json"), Json.write(withBadEntries()));
        Path served = dir.resolve("served");
        try (Stowage service = Stowage.builder().dataDir(served).set("stowage.http.port", "0").withHttp().build()) {
            service.start();
            String root = service.instance(ManageTokensUseCase.class)
                    .issue(new UserId("root"), true, TokenScopes.none(), "root").secret();

            Map<String, Object> dry = report(send(service, root, "?dryRun=true", HttpRequest.BodyPublishers.ofFile(export)));
            assertThat(dry).containsEntry("dryRun", true).containsEntry("created", new BigDecimal(4));
            assertThat(programCount(service, root)).isZero();
            assertThat(blobFiles(served)).as("a dry run writes no blob").isEmpty();

            Map<String, Object> viaHttp = report(send(service, root, "", HttpRequest.BodyPublishers.ofFile(export)));
            Map<String, Object> viaCli = jsonObject(run("import", "programs", export.toString(), "--json", "--quiet").out());
            assertThat(viaCli.remove("file")).isEqualTo(export.toString());
            assertThat(viaCli.remove("error")).isNull();
            assertThat(viaHttp).isEqualTo(viaCli);
            assertThat(viaHttp).containsEntry("created", new BigDecimal(4));
            assertThat((List<?>) viaHttp.get("problems")).hasSize(3);
            assertThat(viaHttp.get("problems").toString()).contains("pixels");
            assertThat(programCount(service, root)).isEqualTo(4);
            // three images and their thumbnails; the bomb left nothing behind
            assertThat(blobFiles(served)).hasSize(6);

            Map<String, Object> again = report(send(service, root, "", HttpRequest.BodyPublishers.ofFile(export)));
            assertThat(again).containsEntry("created", new BigDecimal(0)).containsEntry("alreadyImported", new BigDecimal(4));
            assertThat(blobFiles(served)).hasSize(6);
        }
    }

    @Test
    void aGeneratedExportOfSeveralMegabytesStreamsInChunked() throws Exception {
        Path export = dir.resolve("large.json");
        List<String> digests = LegacyFileGenerator.programsWithPngs(export, 6, 700, 5);
        assertThat(Files.size(export)).isGreaterThan(10L << 20);
        try (Stowage service = Stowage.builder().dataDir(dir.resolve("served")).set("stowage.http.port", "0")
                .set("stowage.http.max-request-bytes", "1MiB").withHttp().build()) {
            service.start();
            String root = service.instance(ManageTokensUseCase.class)
                    .issue(new UserId("root"), true, TokenScopes.none(), "root").secret();
            HttpResponse<String> r = send(service, root, "", HttpRequest.BodyPublishers.ofInputStream(() -> open(export)));
            Map<String, Object> report = report(r);
            assertThat(report).containsEntry("created", new BigDecimal(6)).containsEntry("problems", List.of());
            assertThat(report.get("notes").toString()).contains("verification: 6 of 6");
            HttpResponse<String> listed = client.send(HttpRequest.newBuilder(uri(service, "/api/v1/programs?limit=100"))
                    .header("Authorization", "Bearer " + root).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(digests).allSatisfy(d -> assertThat(listed.body()).contains(d));
        }
    }

    private HttpResponse<String> send(Stowage service, String token, String query, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(service, "/api/v1/programs/import" + query))
                .timeout(Duration.ofMinutes(2)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> report(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return jsonObject(r.body());
    }

    private int programCount(Stowage service, String token) throws IOException, InterruptedException {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri(service, "/api/v1/programs?limit=100"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ((List<?>) jsonObject(r.body()).get("items")).size();
    }

    private static URI uri(Stowage service, String path) {
        return URI.create("http://127.0.0.1:" + service.httpPort() + path);
    }

    private static List<Path> blobFiles(Path data) throws IOException {
        Path blobs = data.resolve("blobs");
        if (!Files.exists(blobs)) {
            return List.of();
        }
        try (var walk = Files.walk(blobs)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".blob")).toList();
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shared export plus three bad entries: a decompression bomb, a broken data URL, not an object. */
    @SuppressWarnings("unchecked")
    private static List<Object> withBadEntries() {
        var all = new ArrayList<Object>((List<Object>) Json.parse(SharedFixtures.read(EXPORT)));
        var bomb = new LinkedHashMap<String, Object>();
        bomb.put("id", "bomb");
        bomb.put("name", "Bomb");
        bomb.put("createdAt", "2025-10-01T00:00:00Z");
        bomb.put("config", Map.of("masterImage", "data:image/png;base64,"
                + Base64.getEncoder().encodeToString(ProgramServiceSuite.bombPng(100_000, 100_000))));
        all.add(bomb);
        var broken = new LinkedHashMap<>(bomb);
        broken.put("id", "broken");
        broken.put("name", "Broken");
        broken.put("config", Map.of("masterImage", "data:image/png;base64,%%%"));
        all.add(broken);
        all.add("not an object");
        return all;
    }
}
