package dev.stowage.bootstrap.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.backup.TarEntries.Entry;
import dev.stowage.domain.backup.TargetLock;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backups over real HTTP on loopback, between two services as {@code stowage serve} assembles them,
 * each on a real data folder (SQLite file, blob folder) with a backup folder: the round trip from a
 * create on one to a verified import on the other, the same with curl and over tus with an
 * interruption, hostile archives refused
 * with a 4xx problem and nothing written, and creates that take turns or meet a prune.
 */
class BackupHttpTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BACKUPS = "/api/v1/backups";

    @TempDir
    Path dir;
    BackupFixture source;
    BackupFixture sink;
    String sourceAdmin;
    String sinkAdmin;
    String sinkUser;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeEach
    void start() {
        source = BackupFixture.serving(dir.resolve("a"), dir.resolve("a-backups"));
        sink = BackupFixture.serving(dir.resolve("b"), dir.resolve("b-backups"));
        sourceAdmin = token(source, "root", true);
        sinkAdmin = token(sink, "root", true);
        sinkUser = token(sink, "ana", false);
        for (int i = 0; i < 6; i++) {
            source.upload(20_000 + i);
            source.enqueue("{\"n\":" + i + "}");
        }
    }

    @AfterEach
    void stop() {
        sink.close();
        source.close();
    }

    @Test
    void aBackupCreatedOverHttpDownloadsAndImportsIntoAnotherServiceWhereItIsListedAndVerifies() throws Exception {
        HttpResponse<String> created = send(request(source, BACKUPS, sourceAdmin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"label\":\"move to b\"}")).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode backup = JSON.readTree(created.body());
        String id = backup.get("id").asText();
        assertThat(backup.get("counts").get("documents").asLong()).isEqualTo(6);
        assertThat(backup.get("counts").get("jobs").asLong()).isEqualTo(6);

        // streamed to a file, never held whole here either
        Path file = dir.resolve("download.tar");
        HttpResponse<Path> download = client.send(request(source, BACKUPS + "/" + id + "/archive", sourceAdmin).build(),
                HttpResponse.BodyHandlers.ofFile(file));
        assertThat(download.statusCode()).isEqualTo(200);
        assertThat(download.headers().firstValueAsLong("Content-Length")).hasValue(Files.size(file));
        List<String> names = TarEntries.entries(Files.readAllBytes(file)).stream().map(e -> e.name).toList();
        assertThat(names.subList(0, 2)).containsExactly("manifest.json", "snapshot.db");
        assertThat(names.subList(2, names.size())).hasSize(6).allMatch(n -> n.matches("objects/[0-9a-f]{64}"));

        HttpResponse<String> imported = send(request(sink, BACKUPS + "/import", sinkAdmin)
                .header("Content-Type", "application/x-tar")
                .POST(HttpRequest.BodyPublishers.ofFile(file)).build());
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(imported.headers().firstValue("Location")).hasValue(BACKUPS + "/" + id);

        JsonNode listed = JSON.readTree(send(request(sink, BACKUPS, sinkAdmin).build()).body()).get("items");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("id").asText()).isEqualTo(id);
        assertThat(listed.get(0).get("status").asText()).isEqualTo("complete");
        assertThat(listed.get(0).get("manifestSha256")).isEqualTo(backup.get("manifestSha256"));
        assertThat(listed.get(0).get("counts")).isEqualTo(backup.get("counts"));
        HttpResponse<String> verified = send(request(sink, BACKUPS + "/" + id + "/verify", sinkAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(verified.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(verified.body()).get("ok").asBoolean()).as(verified.body()).isTrue();
        assertThat(JSON.readTree(send(request(sink, BACKUPS + "/" + id, sinkAdmin).build()).body())
                .get("lastVerification").get("ok").asBoolean()).isTrue();

        // and what came over restores into a data folder holding the source's rows
        var restored = sink.backups().restore(new dev.stowage.domain.backup.BackupId(id), dir.resolve("c"));
        assertThat(restored.blobs()).isEqualTo(6);
        assertThat(BackupFixture.rows(dir.resolve("c/stowage.db"), "backups").get("documents"))
                .isEqualTo(BackupFixture.rows(dir.resolve("a/stowage.db"), "backups").get("documents"));
    }

    @Test
    void curlDownloadsTheCompressedArchiveAndUploadsItToTheOtherService() throws Exception {
        Path curl = Path.of("/usr/bin/curl");
        assumeTrue(Files.isExecutable(curl), "curl is not installed at /usr/bin/curl");
        String id = JSON.readTree(send(request(source, BACKUPS, sourceAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body()).get("id").asText();
        // tokens go in header files, not on the command line, where other users could read them
        Path sourceAuth = Files.writeString(dir.resolve("a-auth.txt"), "Authorization: Bearer " + sourceAdmin + "\n");
        Path sinkAuth = Files.writeString(dir.resolve("b-auth.txt"), "Authorization: Bearer " + sinkAdmin + "\n");
        Path gz = dir.resolve("backup.tar.gz");

        String status = curl(curl, "-H", "@" + sourceAuth, "-o", gz.toString(), "-w", "%{http_code} %{content_type}",
                base(source) + BACKUPS + "/" + id + "/archive?gzip=true");
        assertThat(status).isEqualTo("200 application/gzip");
        status = curl(curl, "-H", "@" + sinkAuth, "-H", "Content-Type: application/gzip", "--data-binary", "@" + gz,
                "-o", dir.resolve("imported.json").toString(), "-w", "%{http_code}", base(sink) + BACKUPS + "/import");
        assertThat(status).isEqualTo("201");
        assertThat(JSON.readTree(dir.resolve("imported.json").toFile()).get("id").asText()).isEqualTo(id);
        assertThat(sink.backups().verify(new dev.stowage.domain.backup.BackupId(id), 100).ok()).isTrue();
    }

    @Test
    void anArchiveUploadedResumablyOverTusIsImportedWithItsLastByteAfterAnInterruption() throws Exception {
        String id = JSON.readTree(send(request(source, BACKUPS, sourceAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body()).get("id").asText();
        byte[] archive = send(request(source, BACKUPS + "/" + id + "/archive?gzip=true", sourceAdmin).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        HttpResponse<String> created = send(tus(request(sink, BACKUPS + "/uploads", sinkAdmin))
                .header("Upload-Length", Integer.toString(archive.length))
                .header("Upload-Metadata", "filename " + java.util.Base64.getEncoder()
                        .encodeToString("nightly.tar.gz".getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String upload = created.headers().firstValue("Location").orElseThrow();

        int half = archive.length / 2;
        assertThat(patch(upload, 0, Arrays.copyOf(archive, half), null).statusCode()).isEqualTo(204);
        // the next chunk arrives damaged (its checksum says so): dropped, the offset stays
        byte[] rest = Arrays.copyOfRange(archive, half, archive.length);
        byte[] damaged = rest.clone();
        damaged[7] ^= 1;
        assertThat(patch(upload, half, damaged, sha256(rest)).statusCode()).isEqualTo(460);
        // the client asks where to go on, and sends the rest: that request imports the archive
        HttpResponse<String> head = send(tus(request(sink, upload, sinkAdmin)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build());
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue(Integer.toString(half));
        HttpResponse<String> last = patch(upload, half, rest, sha256(rest));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(204);
        assertThat(last.headers().firstValue("Stowage-Backup-Id")).hasValue(id);

        JsonNode imported = JSON.readTree(send(request(sink, BACKUPS + "/" + id, sinkAdmin).build()).body());
        assertThat(imported.get("status").asText()).isEqualTo("complete");
        assertThat(imported.get("counts").get("documents").asLong()).isEqualTo(6);
        assertThat(sink.backups().verify(new dev.stowage.domain.backup.BackupId(id), 100).ok()).isTrue();
        assertThat(send(tus(request(sink, upload, sinkAdmin)).method("HEAD", HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).as("the upload is gone once imported").isEqualTo(404);
    }

    @Test
    void hostileArchivesAreRefusedWithAClientProblemAndNothingWritten() throws Exception {
        String id = JSON.readTree(send(request(source, BACKUPS, sourceAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).body()).get("id").asText();
        byte[] archive = send(request(source, BACKUPS + "/" + id + "/archive", sourceAdmin).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();

        Map<String, byte[]> hostile = new LinkedHashMap<>();
        hostile.put("zip slip", rebuild(archive, e -> e.add(2, new Entry("objects/../../../evil", '0', "boom".getBytes()))));
        hostile.put("absolute path", rebuild(archive, e -> e.add(2, new Entry("/etc/cron.d/evil", '0', "boom".getBytes()))));
        hostile.put("symlink", rebuild(archive, e -> e.add(1, new Entry("objects/link", '2', new byte[0]))));
        hostile.put("hard link", rebuild(archive, e -> e.add(1, new Entry("objects/link", '1', new byte[0]))));
        hostile.put("tar bomb", Arrays.copyOf(rebuild(archive, e -> e.get(1).claimed = 1L << 40), 4096));
        hostile.put("manifest bomb", Arrays.copyOf(rebuild(archive, e -> e.get(0).claimed = 8L << 30), 4096));
        hostile.put("wrong digest", rebuild(archive, e -> e.get(3).content[10] ^= 1));
        hostile.put("truncated", Arrays.copyOf(archive, archive.length / 2));
        hostile.put("truncated gzip", Arrays.copyOf(gzip(archive), 3000));
        hostile.put("unknown format version", rebuild(archive, e -> {
            String json = new String(e.get(0).content, StandardCharsets.UTF_8);
            // whatever version today's manifests have, 99 is none this build knows
            String changed = json.replaceFirst("\"format\":[0-9]+", "\"format\":99");
            assertThat(changed).isNotEqualTo(json);
            e.get(0).content = changed.getBytes(StandardCharsets.UTF_8);
        }));
        hostile.put("blob listed twice", rebuild(archive, e -> {
            String json = new String(e.get(0).content, StandardCharsets.UTF_8);
            int start = json.indexOf("{\"key\"");
            String first = json.substring(start, json.indexOf('}', start) + 1);
            e.get(0).content = json.replace(first, first + "," + first).getBytes(StandardCharsets.UTF_8);
        }));
        hostile.put("not an archive", "<html><script>alert(1)</script></html>".repeat(40).getBytes(StandardCharsets.UTF_8));

        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, byte[]> h : hostile.entrySet()) {
            HttpResponse<String> r = send(request(sink, BACKUPS + "/import", sinkAdmin)
                    .header("Content-Type", "application/x-tar")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(h.getValue())).build());
            if (r.statusCode() != 400 && r.statusCode() != 413) {
                wrong.add(h.getKey() + ": " + r.statusCode() + " " + r.body());
            }
            if (!r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")) {
                wrong.add(h.getKey() + ": not a problem body");
            }
            if (r.body().contains("Exception") || r.body().contains(dir.toString())) {
                wrong.add(h.getKey() + ": the body leaks internals: " + r.body());
            }
            try (Stream<Path> files = Files.walk(dir.resolve("b-backups"))) {
                List<Path> left = files.filter(Files::isRegularFile).toList();
                if (!left.isEmpty()) {
                    wrong.add(h.getKey() + ": left " + left);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(sink.backups().list()).isEmpty();
        // and the genuine archive still goes in afterwards
        assertThat(send(request(sink, BACKUPS + "/import", sinkAdmin)
                .POST(HttpRequest.BodyPublishers.ofByteArray(archive)).build()).statusCode()).isEqualTo(201);
    }

    @Test
    void concurrentCreatesTakeTurnsAndACreateMeetingAPruneIsAConflict() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Callable<HttpResponse<String>> create = () -> send(request(source, BACKUPS, sourceAdmin)
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
                answers.add(pool.submit(create));
            }
            List<String> ids = new ArrayList<>();
            for (Future<HttpResponse<String>> a : answers) {
                HttpResponse<String> r = a.get(2, TimeUnit.MINUTES);
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                ids.add(JSON.readTree(r.body()).get("id").asText());
            }
            assertThat(ids).doesNotHaveDuplicates();
            assertThat(source.backups().list()).hasSize(3).allMatch(b -> b.status().name().equals("COMPLETE"));
        } finally {
            pool.shutdownNow();
        }

        // another process is pruning the target: the create is refused, and nothing is left behind
        source.target().putLock(new TargetLock("prune-elsewhere", TargetLock.Kind.PRUNE, Instant.now(), "another process"));
        HttpResponse<String> refused = send(request(source, BACKUPS, sourceAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(JSON.readTree(refused.body()).get("detail").asText()).contains("rotation", "try again");
        source.target().deleteLock("prune-elsewhere");
        assertThat(send(request(source, BACKUPS, sourceAdmin)
                .POST(HttpRequest.BodyPublishers.noBody()).build()).statusCode()).isEqualTo(201);
    }

    @Test
    void onlyAnAdministratorReachesTheBackups() throws Exception {
        HttpResponse<String> anonymous = send(HttpRequest.newBuilder(URI.create(base(sink) + BACKUPS)).build());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(send(request(sink, BACKUPS, sinkUser).build()).statusCode()).isEqualTo(403);
        HttpResponse<String> upload = send(request(sink, BACKUPS + "/import", sinkUser)
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[16])).build()); // small: refused before it is read
        assertThat(upload.statusCode()).isEqualTo(403);
        assertThat(send(request(sink, BACKUPS + "/01ARZ3NDEKTSV4RRFFQ69G5FAV", sinkAdmin).build()).statusCode())
                .isEqualTo(404);
    }

    // ---- helpers ----

    private static HttpRequest.Builder tus(HttpRequest.Builder b) {
        return b.header("Tus-Resumable", "1.0.0");
    }

    private HttpResponse<String> patch(String upload, long offset, byte[] chunk, String sha256Base64)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = tus(request(sink, upload, sinkAdmin)).header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk));
        if (sha256Base64 != null) {
            b.header("Upload-Checksum", "sha256 " + sha256Base64);
        }
        return send(b.build());
    }

    private static String sha256(byte[] bytes) throws java.security.NoSuchAlgorithmException {
        return java.util.Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static String token(BackupFixture fx, String user, boolean admin) {
        return fx.stowage.instance(ManageTokensUseCase.class).issue(new UserId(user), admin,
                admin ? TokenScopes.none() : TokenScopes.everyQueue(), user).secret();
    }

    private static String base(BackupFixture fx) {
        return "http://127.0.0.1:" + fx.stowage.httpPort();
    }

    private static HttpRequest.Builder request(BackupFixture fx, String path, String token) {
        return HttpRequest.newBuilder(URI.create(base(fx) + path)).timeout(Duration.ofMinutes(2))
                .header("Authorization", "Bearer " + token);
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return send(request, HttpResponse.BodyHandlers.ofString());
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return client.send(request, body);
    }

    private static byte[] rebuild(byte[] archive, Consumer<List<Entry>> change) {
        try {
            return TarEntries.rebuild(archive, change);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var z = new GZIPOutputStream(out)) {
            z.write(bytes);
        }
        return out.toByteArray();
    }

    /** Runs curl and returns what it wrote to standard output; fails on a non-zero exit. */
    private String curl(Path curl, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(curl.toString(), "-sS", "--max-time", "120"));
        command.addAll(List.of(args));
        Path err = dir.resolve("curl.err");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(3, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(err)).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
