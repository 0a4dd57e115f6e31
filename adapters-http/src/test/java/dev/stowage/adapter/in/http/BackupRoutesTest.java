package dev.stowage.adapter.in.http;

import static dev.stowage.adapter.in.http.ApiTest.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.testing.RawHttp;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The backup routes over real HTTP on loopback, against a real backup service (SQLite snapshots, a
 * backup folder): what each answers, its headers, paging, and the refusals. Real data with blobs,
 * hostile archives and the round trip between two instances are in bootstrap's BackupHttpTest.
 */
class BackupRoutesTest {
    static final String BASE = BackupRoutes.BASE;

    TestApi api;

    @BeforeEach
    void start() {
        api = new TestApi();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void createAnswersWhenCompleteWithItsLocationAndGetShowsTheSameBackup() {
        HttpResponse<String> r = api.post(BASE, api.root, "{\"label\":\"before upgrade\"}");
        JsonNode created = ok(r, 201);

        String id = created.get("id").asText();
        assertThat(r.headers().firstValue("Location")).hasValue(BASE + "/" + id);
        assertThat(created.get("label").asText()).isEqualTo("before upgrade");
        assertThat(created.get("status").asText()).isEqualTo("complete");
        assertThat(created.get("manifestSha256").asText()).hasSize(64);
        assertThat(created.get("totalBytes").asLong()).isPositive();
        assertThat(created.get("counts").has("jobs")).isTrue();
        assertThat(created.has("lastVerification")).as("left out until a verify").isFalse();
        assertThat(created.get("archive").asText()).isEqualTo(BASE + "/" + id + "/archive");

        JsonNode got = ok(api.get(BASE + "/" + id, api.root), 200);
        assertThat(got).isEqualTo(created);
        // no body at all: the label the CLI uses too
        assertThat(ok(api.send("POST", BASE, api.root, null), 201).get("label").asText()).isEqualTo("manual");
    }

    @Test
    void theListPagesNewestFirstAndFiltersByStatus() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(0, ok(api.post(BASE, api.root, "{\"label\":\"b" + i + "\"}"), 201).get("id").asText());
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = ok(api.get(BASE + "?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), api.root), 200);
            page.get("items").forEach(b -> seen.add(b.get("id").asText()));
            cursor = page.hasNonNull("next") ? page.get("next").asText() : null;
            pages++;
        } while (cursor != null);

        assertThat(seen).isEqualTo(ids);
        assertThat(pages).isEqualTo(3);
        assertThat(ok(api.get(BASE + "?status=complete", api.root), 200).get("items")).hasSize(5);
        assertThat(ok(api.get(BASE + "?status=FAILED", api.root), 200).get("items")).isEmpty();
        assertThat(api.get(BASE + "?status=lost", api.root).statusCode()).isEqualTo(400);
        assertThat(api.get(BASE + "?cursor=..%2F..%2Fetc", api.root).statusCode()).isEqualTo(400);
        assertThat(api.get(BASE + "?limit=0", api.root).statusCode()).isEqualTo(400);
    }

    @Test
    void verifyRecordsTheOutcomeWithTheSampleAsked() {
        String id = ok(api.post(BASE, api.root, null), 201).get("id").asText();

        JsonNode full = ok(api.post(BASE + "/" + id + "/verify", api.root, null), 200);
        assertThat(full.get("ok").asBoolean()).isTrue();
        assertThat(full.get("samplePercent").asInt()).isEqualTo(100);
        JsonNode sample = ok(api.post(BASE + "/" + id + "/verify", api.root, "{\"samplePercent\":10}"), 200);
        assertThat(sample.get("samplePercent").asInt()).isEqualTo(10);
        assertThat(ok(api.get(BASE + "/" + id, api.root), 200).get("lastVerification")).isEqualTo(sample);

        for (String bad : List.of("{\"samplePercent\":0}", "{\"samplePercent\":101}", "{\"samplePercent\":\"50\"}",
                "{\"samplePercent\":1.5}", "{\"sample\":50}", "[]", "not json")) {
            assertThat(api.post(BASE + "/" + id + "/verify", api.root, bad).statusCode()).as(bad).isEqualTo(400);
        }
    }

    @Test
    void rotateDryRunSaysWhatWouldGoAndDeletesNothingThenTheRealOneDeletesIt() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(ok(api.post(BASE, api.root, null), 201).get("id").asText());
        }

        JsonNode dry = ok(api.post(BASE + "/rotate?dryRun=true", api.root, "{\"keepLast\":1}"), 200);
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(ids(dry.get("kept"))).containsExactly(ids.get(3));
        assertThat(ids(dry.get("deleted"))).containsExactlyInAnyOrder(ids.get(0), ids.get(1), ids.get(2));
        assertThat(ok(api.get(BASE, api.root), 200).get("items")).hasSize(4);
        assertThat(ok(api.post(BASE + "/rotate", api.root, "{\"keepLast\":1,\"dryRun\":true}"), 200)
                .get("deleted")).hasSize(3);

        JsonNode done = ok(api.post(BASE + "/rotate", api.root, "{\"keepLast\":1}"), 200);
        assertThat(done.get("dryRun").asBoolean()).isFalse();
        assertThat(ids(done.get("deleted"))).hasSize(3);
        assertThat(ids(ok(api.get(BASE, api.root), 200).get("items"))).containsExactly(ids.get(3));

        for (String bad : List.of("{}", "{\"keepLast\":-1}", "{\"keepWithin\":\"7 days\"}", "{\"keepWithin\":\"P9999D\"}",
                "{\"keepLast\":1,\"dryRun\":\"yes\"}", "{\"keepHourly\":3}")) {
            assertThat(api.post(BASE + "/rotate", api.root, bad).statusCode()).as(bad).isEqualTo(400);
        }
        assertThat(api.post(BASE + "/rotate?dryRun=maybe", api.root, "{\"keepLast\":1}").statusCode()).isEqualTo(400);
        assertThat(api.post(BASE + "/rotate?dryRun=true", api.root, "{\"keepLast\":1,\"dryRun\":false}").statusCode())
                .isEqualTo(400);
        assertThat(ok(api.get(BASE, api.root), 200).get("items")).hasSize(1);
    }

    @Test
    void theArchiveStreamsWithItsLengthAndNameAndGoesBackInAfterADelete() throws Exception {
        JsonNode backup = ok(api.post(BASE, api.root, null), 201);
        String id = backup.get("id").asText();

        HttpResponse<byte[]> tar = bytes(BASE + "/" + id + "/archive");
        assertThat(tar.statusCode()).isEqualTo(200);
        assertThat(tar.headers().firstValue("Content-Type")).hasValue("application/x-tar");
        assertThat(tar.headers().firstValue("Content-Length")).hasValue(Long.toString(tar.body().length));
        assertThat(tar.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                v -> assertThat(v).startsWith("attachment; filename=\"stowage-backup-" + id + ".tar\""));
        assertThat(new String(tar.body(), 0, 13, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("manifest.json");
        assertThat((long) tar.body().length).isEqualTo(api.backups.exportSize(new dev.stowage.domain.backup.BackupId(id)));

        HttpResponse<byte[]> gz = bytes(BASE + "/" + id + "/archive?gzip=true");
        assertThat(gz.headers().firstValue("Content-Type")).hasValue("application/gzip");
        assertThat(gz.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains(id + ".tar.gz"));
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(tar.body());
        }
        assertThat(api.get(BASE + "/" + id + "/archive?gzip=please", api.root).statusCode()).isEqualTo(400);

        // the backup exists: importing it again is a conflict, after a delete it comes back whole
        assertThat(importing(tar.body(), "application/x-tar").statusCode()).isEqualTo(409);
        assertThat(api.send("DELETE", BASE + "/" + id, api.root, null).statusCode()).isEqualTo(204);
        assertThat(api.send("DELETE", BASE + "/" + id, api.root, null).statusCode()).isEqualTo(404);
        assertThat(api.get(BASE + "/" + id, api.root).statusCode()).isEqualTo(404);
        HttpResponse<String> imported = importing(gz.body(), "application/gzip");
        JsonNode back = ok(imported, 201);
        assertThat(imported.headers().firstValue("Location")).hasValue(BASE + "/" + id);
        assertThat(back.get("manifestSha256")).isEqualTo(backup.get("manifestSha256"));
        assertThat(back.get("counts")).isEqualTo(backup.get("counts"));
        assertThat(ok(api.post(BASE + "/" + id + "/verify", api.root, null), 200).get("ok").asBoolean()).isTrue();
    }

    @Test
    void anImportThatIsNotAnArchiveIsRefusedAndLeavesNothing() throws IOException {
        assertThat(importing("{\"a\":1}".getBytes(), "application/json").statusCode()).isEqualTo(415);
        HttpResponse<String> form = importing("--x\r\n".getBytes(), "multipart/form-data; boundary=x");
        assertThat(form.statusCode()).isEqualTo(415);
        assertThat(form.body()).contains("--data-binary");
        assertThat(importing(new byte[0], "application/x-tar").statusCode()).isEqualTo(400);
        assertThat(importing("plain text".repeat(100).getBytes(), "application/octet-stream").statusCode()).isEqualTo(400);
        assertThat(importing(new byte[4096], null).statusCode()).isEqualTo(400);
        assertThat(ok(api.get(BASE, api.root), 200).get("items")).isEmpty();
        try (var files = java.nio.file.Files.walk(api.backupData.resolve("backups"))) {
            assertThat(files.filter(java.nio.file.Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void idsThatNameNoBackupAreNotFoundOnEveryRouteWithAProblemBody() throws IOException {
        String unknown = "01ARZ3NDEKTSV4RRFFQ69G5FAV";
        // sent as they are, each on a connection of its own: no client normalizes them first
        for (String id : List.of(unknown, "nope", "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e", unknown + "%00",
                "%3Cscript%3Ealert(1)%3C%3E", "x".repeat(300), "01arz3ndektsv4rrffq69g5fav%20")) {
            for (String route : List.of("GET /" + id, "DELETE /" + id, "GET /" + id + "/archive", "POST /" + id + "/verify")) {
                String method = route.substring(0, route.indexOf(' '));
                String path = BASE + route.substring(route.indexOf(' ') + 1);
                String answer = RawHttp.exchange(api.port, method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + api.root + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", false);
                assertThat(RawHttp.status(answer)).as(route + "\n" + answer).isIn(400, 404);
                assertThat(answer.toLowerCase(java.util.Locale.ROOT)).as(route).contains("content-type: application/problem+json");
            }
        }
        assertThat(api.get(BASE + "/" + unknown, api.root).statusCode()).isEqualTo(404);
        assertThat(api.get(BASE + "/nope", api.root).statusCode()).isEqualTo(404);
    }

    @Test
    void aTusClientUploadsAnArchiveResumablyAndItsLastByteImportsIt(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        JsonNode backup = ok(api.post(BASE, api.root, null), 201);
        var id = new dev.stowage.domain.backup.BackupId(backup.get("id").asText());
        java.nio.file.Path file = dir.resolve("nightly.tar");
        try (var out = java.nio.file.Files.newOutputStream(file)) {
            api.backups.export(id, out);
        }
        api.backups.delete(id);

        var client = new io.tus.java.client.TusClient();
        client.setUploadCreationURL(new java.net.URL("http://127.0.0.1:" + api.port + BackupRoutes.UPLOADS));
        client.setHeaders(java.util.Map.of("Authorization", "Bearer " + api.root));
        var uploader = client.createUpload(new io.tus.java.client.TusUpload(file.toFile()));
        uploader.setChunkSize(4096);
        uploader.setRequestPayloadSize(16 * 1024); // several PATCH requests, each resumable
        int requests = 0;
        while (uploader.uploadChunk() > -1) {
            requests++;
        }
        uploader.finish();

        assertThat(requests).isGreaterThan(4);
        assertThat(uploader.getUploadURL().getPath()).startsWith(BackupRoutes.UPLOADS + "/");
        JsonNode imported = ok(api.get(BASE + "/" + id, api.root), 200);
        assertThat(imported.get("manifestSha256")).isEqualTo(backup.get("manifestSha256"));
        assertThat(ok(api.post(BASE + "/" + id + "/verify", api.root, null), 200).get("ok").asBoolean()).isTrue();
        // the upload is gone once imported
        assertThat(api.send("HEAD", uploader.getUploadURL().getPath(), api.root, null, "Tus-Resumable", "1.0.0")
                .statusCode()).isEqualTo(404);
    }

    @Test
    void anArchiveUploadAnswersItsLastPatchWithTheBackupOrWithTheImportsRefusal() {
        JsonNode backup = ok(api.post(BASE, api.root, null), 201);
        var id = new dev.stowage.domain.backup.BackupId(backup.get("id").asText());
        var out = new java.io.ByteArrayOutputStream();
        api.backups.export(id, out);
        byte[] archive = out.toByteArray();
        api.backups.delete(id);
        // and its objects, so that the import reads every byte it is sent (it skips objects the target has)
        api.backups.rotate(dev.stowage.domain.backup.RotationPolicy.keepLast(1), false);

        HttpResponse<String> options = api.send("OPTIONS", BackupRoutes.UPLOADS, null, null);
        assertThat(options.headers().firstValue("Tus-Extension")).hasValue("creation,checksum,expiration,termination");
        assertThat(options.headers().firstValue("Tus-Max-Size")).hasValue(Long.toString(TestApi.MAX_ARCHIVE_BYTES));

        // a byte of the snapshot flipped: the import refuses it at the last byte, and the upload is gone
        byte[] corrupt = archive.clone();
        long manifestSize = Long.parseLong(new String(archive, 124, 11, java.nio.charset.StandardCharsets.US_ASCII), 8);
        int snapshotContent = (int) (512 + (manifestSize + 511) / 512 * 512 + 512);
        corrupt[snapshotContent + 100] ^= 1;
        String bad = created(corrupt.length);
        HttpResponse<String> first = patch(bad, 0, java.util.Arrays.copyOf(corrupt, 1000));
        assertThat(first.statusCode()).isEqualTo(204);
        assertThat(first.headers().firstValue("Upload-Offset")).hasValue("1000");
        HttpResponse<String> last = patch(bad, 1000, java.util.Arrays.copyOfRange(corrupt, 1000, corrupt.length));
        assertThat(last.statusCode()).as(last.body()).isEqualTo(400);
        assertThat(last.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(api.send("HEAD", bad, api.root, null, "Tus-Resumable", "1.0.0").statusCode()).isEqualTo(404);
        assertThat(ok(api.get(BASE, api.root), 200).get("items")).isEmpty();

        // the genuine archive, in two requests
        String good = created(archive.length);
        assertThat(patch(good, 0, java.util.Arrays.copyOf(archive, 777)).statusCode()).isEqualTo(204);
        HttpResponse<String> head = api.send("HEAD", good, api.root, null, "Tus-Resumable", "1.0.0");
        assertThat(head.headers().firstValue("Upload-Offset")).hasValue("777");
        HttpResponse<String> done = patch(good, 777, java.util.Arrays.copyOfRange(archive, 777, archive.length));
        assertThat(done.statusCode()).isEqualTo(204);
        assertThat(done.headers().firstValue(TusRoutes.BACKUP_ID)).hasValue(id.value());
        assertThat(done.headers().firstValue("Link")).hasValue("<" + BASE + "/" + id + ">; rel=\"related\"");
        assertThat(ok(api.get(BASE + "/" + id, api.root), 200).get("status").asText()).isEqualTo("complete");
    }

    @Test
    void archiveUploadsAreForAdministratorsWholeAndNotEmptyAndKeptApartFromDocumentUploads() {
        HttpResponse<String> user = api.send("POST", BackupRoutes.UPLOADS, api.ana, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "1000");
        assertThat(user.statusCode()).isEqualTo(403);
        assertThat(api.send("POST", BackupRoutes.UPLOADS, null, null, "Tus-Resumable", "1.0.0", "Upload-Length", "1000")
                .statusCode()).isEqualTo(401);
        assertThat(api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0", "Upload-Length", "0")
                .statusCode()).isEqualTo(400);
        assertThat(api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0", "Upload-Length", "10",
                "Upload-Concat", "partial").statusCode()).isEqualTo(400);
        assertThat(api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", Long.toString(TestApi.MAX_ARCHIVE_BYTES + 1)).statusCode()).isEqualTo(413);
        assertThat(api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0", "Upload-Length", "10",
                "Upload-Metadata", "filename !!!").statusCode()).isEqualTo(400);

        String archive = created(1000);
        String archiveId = archive.substring(archive.lastIndexOf('/') + 1);
        // the same id under the document uploads' path is not found, and the other way round
        assertThat(api.send("HEAD", Api.UPLOADS + "/" + archiveId, api.root, null, "Tus-Resumable", "1.0.0").statusCode())
                .isEqualTo(404);
        HttpResponse<String> doc = api.send("POST", Api.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", "10", "Upload-Metadata", AuthorizationMatrixTest.tusMetadata("a.txt"));
        String docPath = doc.headers().firstValue("Location").orElseThrow();
        assertThat(api.send("HEAD", BackupRoutes.UPLOADS + docPath.substring(docPath.lastIndexOf('/')), api.root, null,
                "Tus-Resumable", "1.0.0").statusCode()).isEqualTo(404);
        assertThat(api.send("DELETE", archive, api.root, null, "Tus-Resumable", "1.0.0").statusCode()).isEqualTo(204);
        assertThat(api.send("HEAD", archive, api.root, null, "Tus-Resumable", "1.0.0").statusCode()).isEqualTo(404);
    }

    /** An archive upload of {@code length} bytes made by root; its path. */
    private String created(long length) {
        HttpResponse<String> r = api.send("POST", BackupRoutes.UPLOADS, api.root, null, "Tus-Resumable", "1.0.0",
                "Upload-Length", Long.toString(length), "Upload-Metadata", AuthorizationMatrixTest.tusMetadata("b.tar"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("Location").orElseThrow();
    }

    private HttpResponse<String> patch(String path, long offset, byte[] chunk) {
        return api.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + api.root)
                .header("Tus-Resumable", "1.0.0").header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", TusRoutes.OFFSET_OCTET_STREAM)
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(chunk)).build());
    }

    private static List<String> ids(JsonNode array) {
        List<String> ids = new ArrayList<>();
        array.forEach(b -> ids.add(b.get("id").asText()));
        return ids;
    }

    private HttpResponse<byte[]> bytes(String path) throws IOException, InterruptedException {
        return api.client.send(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + api.root).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> importing(byte[] body, String contentType) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(BackupRoutes.IMPORT))
                .header("Authorization", "Bearer " + api.root)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        return api.send(b.build());
    }
}
