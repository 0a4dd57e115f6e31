package dev.stowage.adapter.in.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The API as a shell user meets it: the real curl binary uploads, downloads a range, and lists. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CurlTest {
    static final Path CURL = Path.of("/usr/bin/curl");

    TestApi api;

    @BeforeAll
    void start() {
        assumeTrue(Files.isExecutable(CURL), "curl is not installed at /usr/bin/curl");
        api = new TestApi();
    }

    @AfterAll
    void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void uploadDownloadARangeAndList(@TempDir Path dir) throws Exception {
        byte[] content = new byte[300_000];
        new Random(42).nextBytes(content);
        Path file = Files.write(dir.resolve("report.pdf"), content);
        // The token goes in a header file, not on the command line, where other users could read it.
        Path auth = Files.writeString(dir.resolve("auth.txt"), "Authorization: Bearer " + api.ana + "\n");
        String base = "http://127.0.0.1:" + api.port + "/api/v1";

        Path created = dir.resolve("created.json");
        String status = curl(dir, "-H", "@" + auth, "-H", "Content-Type: application/pdf",
                "-H", "X-Checksum-SHA256: " + ApiTest.sha256Hex(content),
                "--data-binary", "@" + file, "-o", created.toString(), "-w", "%{http_code}",
                base + "/documents?name=Q3%20report&fileName=report.pdf");
        assertThat(status).isEqualTo("201");
        JsonNode doc = ApiTest.JSON.readTree(created.toFile());
        assertThat(doc.get("size").asLong()).isEqualTo(content.length);
        assertThat(doc.get("mimeType").asText()).isEqualTo("application/pdf");
        String id = doc.get("id").asText();

        Path part = dir.resolve("part.bin");
        Path headers = dir.resolve("headers.txt");
        status = curl(dir, "-H", "@" + auth, "-r", "1000-1999", "-D", headers.toString(), "-o", part.toString(),
                "-w", "%{http_code}", base + "/documents/" + id + "/content");
        assertThat(status).isEqualTo("206");
        assertThat(Files.readAllBytes(part)).isEqualTo(Arrays.copyOfRange(content, 1000, 2000));
        assertThat(Files.readString(headers).toLowerCase()).contains("content-range: bytes 1000-1999/300000",
                "content-disposition: attachment; filename=\"report.pdf\"");

        String listing = curl(dir, "-H", "@" + auth, base + "/documents?sort=name");
        JsonNode items = ApiTest.JSON.readTree(listing).get("items");
        assertThat(items).hasSize(1);
        assertThat(items.get(0).get("name").asText()).isEqualTo("Q3 report");

        String denied = curl(dir, "-o", "/dev/null", "-w", "%{http_code}", base + "/documents");
        assertThat(denied).isEqualTo("401");
    }

    /**
     * The legacy export of programs as an administrator imports it from a shell: a dry run, then the
     * import streamed from the file with {@code -T} (chunked, so curl never holds the file), then a
     * re-run that adds nothing.
     */
    @Test
    void importTheLegacyExportOfPrograms(@TempDir Path dir) throws Exception {
        Path export = dev.stowage.testing.SharedFixtures.copy("legacy/vision_programs.json", dir);
        Path auth = Files.writeString(dir.resolve("admin.txt"), "Authorization: Bearer " + api.root + "\n");
        String url = "http://127.0.0.1:" + api.port + ProgramImportRoutes.PATH;

        JsonNode dry = ApiTest.JSON.readTree(curl(dir, "-H", "@" + auth, "-H", "Content-Type: application/json",
                "--data-binary", "@" + export, url + "?dryRun=true"));
        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("created").asInt()).isEqualTo(4);

        Path report = dir.resolve("report.json");
        String status = curl(dir, "-H", "@" + auth, "-H", "Content-Type: application/json", "-H", "Transfer-Encoding: chunked",
                "-X", "POST", "-T", export.toString(), "-o", report.toString(), "-w", "%{http_code}", url);
        assertThat(status).isEqualTo("200");
        JsonNode imported = ApiTest.JSON.readTree(report.toFile());
        assertThat(imported.get("created").asInt()).isEqualTo(4);
        assertThat(imported.get("problems")).isEmpty();

        JsonNode again = ApiTest.JSON.readTree(curl(dir, "-H", "@" + auth, "-H", "Content-Type: application/json",
                "-X", "POST", "-T", export.toString(), url));
        assertThat(again.get("alreadyImported").asInt()).isEqualTo(4);

        // refused before the body is read: a small one, which curl has sent whole before the answer comes
        Path user = Files.writeString(dir.resolve("user.txt"), "Authorization: Bearer " + api.ana + "\n");
        Path small = Files.writeString(dir.resolve("small.json"), ProgramImportRoutesTest.SMALL_EXPORT);
        String refused = curl(dir, "-H", "@" + user, "-H", "Content-Type: application/json",
                "-X", "POST", "-T", small.toString(), "-o", "/dev/null", "-w", "%{http_code}", url);
        assertThat(refused).isEqualTo("403");
    }

    /** Runs curl and returns what it wrote to standard output; fails on a non-zero exit. */
    private static String curl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(CURL.toString(), "-sS", "--max-time", "30"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile())
                .redirectError(dir.resolve("curl.err").toFile()).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(Files.readString(dir.resolve("curl.err"))).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }
}
