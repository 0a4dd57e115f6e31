package dev.stowage.adapter.in.http;

import static dev.stowage.adapter.in.http.BadInputTest.assertClean;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.testing.program.ProgramServiceSuite;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The programs API over loopback: versions and preconditions, images, revisions, diffs (hostile input: {@link BadInputTest}). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProgramRoutesTest {
    static final String BASE = ProgramRoutes.BASE;
    static final ObjectMapper JSON = new ObjectMapper();

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
    void everyReadHasAnETagAndEveryChangeNeedsIfMatch() {
        HttpResponse<String> created = api.post(BASE, api.ana,
                "{\"name\":\"scan\",\"description\":\"first\",\"config\":{\"passes\":1},\"configSchemaVersion\":2}");
        JsonNode p = ApiTest.ok(created, 201);
        String id = p.get("id").asText();
        assertThat(created.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(created.headers().firstValue("Location")).contains(BASE + "/" + id);
        assertThat(p.get("config").get("passes").asInt()).isEqualTo(1);
        assertThat(p.get("updatedBy").asText()).isEqualTo("ana");
        assertThat(p.get("configSchemaVersion").asInt()).isEqualTo(2);
        assertThat(p.has("image")).as("absent values are left out").isFalse();

        HttpResponse<String> read = api.get(BASE + "/" + id, api.ben);
        assertThat(read.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(api.get(BASE + "/" + id, api.ben, "If-None-Match", "\"v1\"").statusCode()).isEqualTo(304);

        assertClean(api.send("PATCH", BASE + "/" + id, api.ben, "{\"description\":\"x\"}"), 428, "If-Match", "\\\"v1\\\"");
        assertClean(api.send("PATCH", BASE + "/" + id, api.ben, "{\"description\":\"x\"}", "If-Match", "\"v7\""), 412);
        HttpResponse<String> changed = api.send("PATCH", BASE + "/" + id, api.ben, "{\"description\":\"second\"}",
                "If-Match", "\"v1\"");
        JsonNode v2 = ApiTest.ok(changed, 200);
        assertThat(changed.headers().firstValue("ETag")).contains("\"v2\"");
        assertThat(v2.get("description").asText()).isEqualTo("second");
        assertThat(v2.get("name").asText()).as("fields left out keep their values").isEqualTo("scan");
        assertThat(v2.get("updatedBy").asText()).isEqualTo("ben");
        assertClean(api.send("PATCH", BASE + "/" + id, api.ana, "{\"description\":\"lost\"}", "If-Match", "\"v1\""), 412);
        assertClean(api.send("POST", BASE + "/" + id + "/deactivate", api.ana, null), 428);
        assertThat(ApiTest.ok(api.send("POST", BASE + "/" + id + "/deactivate", api.ana, null, "If-Match", "\"v2\""), 200)
                .get("active").asBoolean()).isFalse();
        assertThat(ApiTest.ok(api.get(BASE + "/" + id, api.ana), 200).get("version").asLong()).isEqualTo(3);
    }

    @Test
    void listFiltersAndPages() {
        for (String name : new String[] {"list-a", "list-b", "list-c"}) {
            api.post(BASE, api.ana, "{\"name\":\"" + name + "\",\"active\":" + !name.equals("list-b") + "}");
        }
        JsonNode first = ApiTest.ok(api.get(BASE + "?name=LIST-&limit=2", api.ana), 200);
        assertThat(first.get("items")).hasSize(2);
        JsonNode second = ApiTest.ok(api.get(BASE + "?name=list-&limit=2&cursor=" + first.get("next").asText(), api.ana), 200);
        assertThat(second.get("items")).hasSize(1);
        assertThat(second.has("next")).isFalse();
        JsonNode active = ApiTest.ok(api.get(BASE + "?name=list-&active=true", api.ana), 200);
        assertThat(active.get("items").findValuesAsText("name")).containsExactly("list-a", "list-c");
        assertClean(api.get(BASE + "?active=maybe", api.ana), 400, "active");
    }

    @Test
    void theImageGoesInAndOutWithRangesAndConditions() throws IOException {
        String id = ApiTest.ok(api.post(BASE, api.ana, "{\"name\":\"with image\"}"), 201).get("id").asText();
        byte[] png = ProgramServiceSuite.png(400, 200);
        assertClean(api.sendBytes("PUT", BASE + "/" + id + "/image", api.ana, png), 428);
        HttpResponse<String> put = api.sendBytes("PUT", BASE + "/" + id + "/image", api.ana, png, "If-Match", "\"v1\"");
        JsonNode image = ApiTest.ok(put, 200).get("image");
        assertThat(put.headers().firstValue("ETag")).contains("\"v2\"");
        assertThat(image.get("mimeType").asText()).isEqualTo("image/png");
        assertThat(image.get("width").asInt()).isEqualTo(400);
        assertThat(image.get("height").asInt()).isEqualTo(200);
        assertThat(image.get("size").asLong()).isEqualTo(png.length);
        String sha = image.get("sha256").asText();

        HttpResponse<byte[]> whole = bytes(BASE + "/" + id + "/image");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(png);
        assertThat(whole.headers().firstValue("Content-Type")).contains("image/png");
        assertThat(whole.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        assertThat(whole.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        HttpResponse<byte[]> part = bytes(BASE + "/" + id + "/image", "Range", "bytes=0-9");
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOf(png, 10));
        assertThat(part.headers().firstValue("Content-Range")).contains("bytes 0-9/" + png.length);
        assertThat(bytes(BASE + "/" + id + "/image", "If-None-Match", "\"" + sha + "\"").statusCode()).isEqualTo(304);
        assertThat(bytes(BASE + "/" + id + "/image", "Range", "bytes=0-9", "If-Range", "\"other\"").statusCode()).isEqualTo(200);
        assertClean(api.get(BASE + "/" + id + "/image", api.ben, "Range", "bytes=999999-"), 416);
        HttpResponse<String> head = api.send("HEAD", BASE + "/" + id + "/image", api.ben, null);
        assertThat(head.headers().firstValue("Content-Length")).contains(Integer.toString(png.length));

        HttpResponse<byte[]> thumb = bytes(BASE + "/" + id + "/thumbnail");
        assertThat(thumb.headers().firstValue("Content-Type")).contains("image/png");
        BufferedImage preview = ImageIO.read(new ByteArrayInputStream(thumb.body()));
        assertThat(preview.getWidth()).isEqualTo(64);
        assertThat(preview.getHeight()).isEqualTo(32);
        String thumbTag = thumb.headers().firstValue("ETag").orElseThrow();
        assertThat(bytes(BASE + "/" + id + "/thumbnail", "If-None-Match", thumbTag).statusCode()).isEqualTo(304);

        // a change of name keeps the image, and so its tag
        ApiTest.ok(api.send("PATCH", BASE + "/" + id, api.ana, "{\"name\":\"renamed\"}", "If-Match", "\"v2\""), 200);
        assertThat(bytes(BASE + "/" + id + "/image", "If-None-Match", "\"" + sha + "\"").statusCode()).isEqualTo(304);
    }

    @Test
    void aProgramWithoutAnImageAnswers404ForImageAndThumbnail() {
        String id = api.program("imageless");
        assertClean(api.get(BASE + "/" + id + "/image", api.ana), 404, "no image");
        assertClean(api.get(BASE + "/" + id + "/thumbnail", api.ana), 404);
    }

    @Test
    void badImagesAreRefusedAndChangeNothing() {
        String id = api.program("bad images");
        String path = BASE + "/" + id + "/image";
        assertClean(api.sendBytes("PUT", path, api.ana, "<html><script>alert(1)</script></html>".getBytes(), "If-Match", "\"v1\""),
                400, "not an image");
        assertClean(api.sendBytes("PUT", path, api.ana, new byte[0], "If-Match", "\"v1\""), 400);
        byte[] png = ProgramServiceSuite.noisyPng(200, 200);
        assertClean(api.sendBytes("PUT", path, api.ana, Arrays.copyOf(png, png.length / 2), "If-Match", "\"v1\""), 400,
                "truncated");
        assertClean(api.sendBytes("PUT", path, api.ana, ProgramServiceSuite.png(2100, 2000), "If-Match", "\"v1\""), 413,
                "pixels");
        api.sendRefused(HttpRequest.newBuilder(api.uri(path)).header("Authorization", "Bearer " + api.ana)
                .header("If-Match", "\"v1\"").PUT(HttpRequest.BodyPublishers.ofByteArray(ProgramServiceSuite.noisyPng(700, 700)))
                .build()).ifPresent(r -> assertClean(r, 413, "program image"));
        JsonNode p = ApiTest.ok(api.get(BASE + "/" + id, api.ana), 200);
        assertThat(p.get("version").asLong()).isEqualTo(1);
        assertThat(p.has("image")).isFalse();
        var left = new java.util.ArrayList<>();
        api.blobs.list("programs/" + id.toLowerCase()).forEachRemaining(left::add);
        assertThat(left).as("no blob is left behind").isEmpty();
    }

    @Test
    void revisionsDiffAndRestore() {
        String id = ApiTest.ok(api.post(BASE, api.ana, "{\"name\":\"evolving\",\"config\":{\"a/b\":1,\"list\":[1,2,3]}}"), 201)
                .get("id").asText();
        ApiTest.ok(api.send("PATCH", BASE + "/" + id, api.ben, "{\"config\":{\"a/b\":2,\"list\":[1,2]},\"name\":\"evolved\"}",
                "If-Match", "\"v1\""), 200);

        JsonNode revisions = ApiTest.ok(api.get(BASE + "/" + id + "/revisions", api.ana), 200);
        assertThat(revisions.get("items")).hasSize(1);
        assertThat(revisions.get("items").get(0).get("version").asLong()).isEqualTo(1);
        assertThat(revisions.get("items").get(0).get("updatedBy").asText()).isEqualTo("ana");
        HttpResponse<String> one = api.get(BASE + "/" + id + "/revisions/1", api.ana);
        assertThat(ApiTest.ok(one, 200).get("name").asText()).isEqualTo("evolving");
        assertThat(one.headers().firstValue("ETag")).contains("\"v1\"");
        assertThat(ApiTest.ok(api.get(BASE + "/" + id + "/revisions/2", api.ana), 200).get("updatedBy").asText()).isEqualTo("ben");
        assertClean(api.get(BASE + "/" + id + "/revisions/3", api.ana), 404, "no version 3");

        JsonNode diff = ApiTest.ok(api.get(BASE + "/" + id + "/diff?from=1&to=2", api.ana), 200);
        assertThat(diff.get("configPatch").toString())
                .isEqualTo("[{\"op\":\"replace\",\"path\":\"/a~1b\",\"value\":2},{\"op\":\"remove\",\"path\":\"/list/2\"}]");
        assertThat(diff.get("changes").get(0).toString()).isEqualTo("{\"field\":\"name\",\"from\":\"evolving\",\"to\":\"evolved\"}");
        assertClean(api.get(BASE + "/" + id + "/diff?from=1&to=9", api.ana), 404);

        assertClean(api.post(BASE + "/" + id + "/revisions/1/restore", api.ana, null), 428);
        assertClean(api.send("POST", BASE + "/" + id + "/revisions/9/restore", api.ana, null, "If-Match", "\"v2\""), 404);
        JsonNode restored = ApiTest.ok(api.send("POST", BASE + "/" + id + "/revisions/1/restore", api.ana, null,
                "If-Match", "\"v2\""), 200);
        assertThat(restored.get("version").asLong()).isEqualTo(3);
        assertThat(restored.get("name").asText()).isEqualTo("evolving");
        assertThat(restored.get("config").get("list")).hasSize(3);
    }

    @Test
    void deleteNeedsAnAdministratorAndTheCurrentVersion() {
        String id = api.programWithImage("to delete");
        assertClean(api.send("DELETE", BASE + "/" + id, api.ana, null, "If-Match", "\"v2\""), 403, "administrator");
        assertClean(api.send("DELETE", BASE + "/" + id, api.root, null), 428);
        assertClean(api.send("DELETE", BASE + "/" + id, api.root, null, "If-Match", "\"v1\""), 412);
        assertThat(api.send("DELETE", BASE + "/" + id, api.root, null, "If-Match", "\"v2\"").statusCode()).isEqualTo(204);
        assertClean(api.get(BASE + "/" + id, api.root), 404);
        var left = new java.util.ArrayList<>();
        api.blobs.list("programs/" + id.toLowerCase()).forEachRemaining(left::add);
        assertThat(left).isEmpty();
    }

    private HttpResponse<byte[]> bytes(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(api.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + api.ben);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return api.client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
