package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code stowage doc ...} against a real data folder. */
class DocCliTest extends CliDataTest {

    private Path file(String name, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return Files.write(dir.resolve(name), bytes);
    }

    private static String sha256(Path p) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p)));
    }

    private static String field(String out, String name) {
        Matcher m = Pattern.compile("(?m)^" + name + ": +(\\S+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    @Test
    void putAndGetRoundTripTheBytes() throws Exception {
        Path source = file("scan.png", 300_000);
        CliRun put = ok("doc", "put", source.toString(), "--owner", "ana", "--meta", "project=q3", "--meta", "page=1");
        String id = field(put.out(), "id");
        assertThat(field(put.out(), "sha256")).isEqualTo(sha256(source));
        assertThat(put.out()).contains("size:                293.0 KiB (300000 bytes)");
        assertThat(put.err()).contains("uploading: 100%");

        Path target = dir.resolve("out").resolve("copy.png");
        Files.createDirectories(target.getParent());
        Files.writeString(target, "an older file of that name is replaced");
        CliRun get = ok("doc", "get", id, "--owner", "ana", "-o", target.toString());
        assertThat(get.out()).contains("Saved document " + id + " (scan.png, 293.0 KiB");
        assertThat(Files.readAllBytes(target)).isEqualTo(Files.readAllBytes(source));
        try (var left = Files.list(target.getParent())) {
            assertThat(left).containsExactly(target);
        }

        Map<String, Object> listed = jsonObject(ok("doc", "ls", "--owner", "ana", "--json").out());
        @SuppressWarnings("unchecked")
        var doc = (Map<String, Object>) ((List<?>) listed.get("items")).get(0);
        assertThat(doc).containsEntry("id", id).containsEntry("mimeType", "image/png").containsEntry("visibility", "private")
                .containsEntry("size", new BigDecimal(300_000)).containsEntry("metadata", Map.of("page", "1", "project", "q3"));
    }

    @Test
    void getToStdoutWritesTheRawBytes() throws Exception {
        Path source = file("blob.bin", 70_000);
        String id = field(ok("doc", "put", source.toString(), "--owner", "ana", "--quiet").out(), "id");
        var captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        CliRun get;
        System.setOut(new PrintStream(captured, true));
        try {
            get = ok("doc", "get", id, "--owner", "ana", "-o", "-", "--quiet");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toByteArray()).isEqualTo(Files.readAllBytes(source));
        assertThat(get.out()).isEmpty();
        assertThat(get.err()).contains("Saved document " + id, "to stdout");
    }

    @Test
    void listSortsFiltersAndPages() throws Exception {
        ok("doc", "put", file("b.txt", 10).toString(), "--owner", "ana", "--quiet");
        ok("doc", "put", file("a.txt", 3000).toString(), "--owner", "ana", "--quiet", "--public");
        ok("doc", "put", file("c.bin", 20).toString(), "--owner", "ana", "--quiet", "--name", "report c",
                "--type", "application/pdf");

        CliRun byName = ok("doc", "ls", "--owner", "ana", "--sort", "name");
        assertThat(byName.out().lines().findFirst().orElseThrow()).matches("ID +NAME +TYPE +SIZE +VISIBILITY +CREATED");
        assertThat(names(byName.out())).containsExactly("a.txt", "b.txt", "report");
        assertThat(names(ok("doc", "ls", "--owner", "ana", "--sort", "size", "--desc").out()))
                .containsExactly("a.txt", "report", "b.txt");
        assertThat(ok("doc", "ls", "--owner", "ana", "--type", "application/pdf").out()).contains("report c", "application/pdf")
                .doesNotContain("a.txt");
        assertThat(ok("doc", "ls", "--owner", "ana", "--prefix", "b").out()).contains("b.txt").doesNotContain("a.txt");
        assertThat(ok("doc", "ls", "--owner", "ana", "--sort", "name").out()).contains("public", "private");

        CliRun page1 = ok("doc", "ls", "--owner", "ana", "--sort", "name", "--limit", "2");
        assertThat(names(page1.out())).containsExactly("a.txt", "b.txt");
        String cursor = field(page1.out(), "next cursor");
        assertThat(names(ok("doc", "ls", "--owner", "ana", "--sort", "name", "--limit", "2", "--cursor", cursor).out()))
                .containsExactly("report");
        assertThat(ok("doc", "ls", "--owner", "bob").out()).isEqualToIgnoringNewLines("No documents.");
    }

    private static List<String> names(String table) {
        return table.lines().skip(1).filter(l -> !l.startsWith("next cursor")).map(l -> l.split(" +")[1]).toList();
    }

    @Test
    void anotherOwnerCannotGetOrDeleteAndUsageAndRmWork() throws Exception {
        Path source = file("private.txt", 5000);
        String id = field(ok("doc", "put", source.toString(), "--owner", "ana", "--quiet").out(), "id");
        Path target = dir.resolve("stolen.txt");

        assertThat(fails("doc", "get", id, "--owner", "bob", "-o", target.toString()).err()).contains("not found");
        assertThat(fails("doc", "rm", id, "--owner", "bob").err()).contains("not found");
        assertThat(target).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }

        assertThat(ok("doc", "usage", "--owner", "ana").out()).contains("documents:           1",
                "stored:              4.9 KiB (5000 bytes)", "quota:               none");
        assertThat(jsonObject(ok("doc", "usage", "--owner", "bob", "--json").out()))
                .containsEntry("documents", new BigDecimal(0)).containsEntry("quotaBytes", null);

        assertThat(ok("doc", "rm", id, "--owner", "ana").out()).isEqualToIgnoringNewLines("Deleted document " + id + ".");
        assertThat(fails("doc", "get", id, "--owner", "ana", "-o", target.toString()).err()).contains("not found");
        assertThat(ok("doc", "usage", "--owner", "ana").out()).contains("documents:           0");
    }

    @Test
    void aWrongChecksumOrAMissingFileStoresNothing() throws Exception {
        Path source = file("data.bin", 1000);
        assertThat(fails("doc", "put", source.toString(), "--owner", "ana", "--quiet", "--sha256", "0".repeat(64)).err())
                .contains("stowage: ");
        assertThat(fails("doc", "put", dir.resolve("nope.bin").toString(), "--owner", "ana").err())
                .isEqualToIgnoringNewLines("stowage: cannot read " + dir.resolve("nope.bin") + ": no such file");
        String id = field(ok("doc", "put", source.toString(), "--owner", "ana", "--quiet").out(), "id");
        assertThat(fails("doc", "put", source.toString(), "--owner", "ana", "--quiet").err()).contains("data.bin");
        assertThat(ok("doc", "ls", "--owner", "ana").out()).contains(id);
        assertThat(ok("doc", "ls", "--owner", "ana").out().lines()).hasSize(2);
    }
}
