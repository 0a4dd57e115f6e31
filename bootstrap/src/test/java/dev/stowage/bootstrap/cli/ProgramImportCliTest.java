package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.common.Json;
import dev.stowage.testing.SharedFixtures;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code stowage import programs ...} over copies of the real localStorage export, on a real SQLite
 * database and fs blobs; the original is read-only.
 */
class ProgramImportCliTest extends CliDataTest {
    private static final String EXPORT = "legacy/vision_programs.json";

    @Test
    void everyProgramComesInWithItsConfigTimesAndImageAndAReRunAddsNothing() throws Exception {
        Path file = SharedFixtures.copy(EXPORT, dir);
        byte[] before = Files.readAllBytes(file);
        List<Map<String, Object>> entries = entries(Files.readString(file));

        CliRun imported = ok("import", "programs", file.toString());
        assertThat(imported.out()).contains("Imported " + file + ":", "entries:             4",
                "created:             4", "already imported:    0", "problems:            0",
                "verification: 3 of 3 imported images read back with the SHA-256 of their data URL");
        assertThat(imported.err()).contains("importing: 100%");

        for (Map<String, Object> entry : entries) {
            Map<String, Object> shown = jsonObject(ok("program", "show", (String) entry.get("name"), "--json").out());
            @SuppressWarnings("unchecked")
            var config = new LinkedHashMap<>((Map<String, Object>) entry.get("config"));
            Object dataUrl = config.remove("masterImage");
            assertThat(configOf(shown)).as("config of %s", entry.get("id")).isEqualTo(config);
            assertThat(shown).containsEntry("externalRef", entry.get("id"))
                    .containsEntry("createdAt", entry.get("createdAt").toString().replace(".000Z", "Z"))
                    .containsEntry("updatedAt", entry.get("updatedAt").toString().replace(".000Z", "Z"))
                    .containsEntry("active", entry.get("active"))
                    .containsEntry("version", new BigDecimal(1))
                    .containsEntry("description", entry.getOrDefault("description", ""));
            if (dataUrl == null) {
                assertThat(shown.get("image")).isNull();
                continue;
            }
            byte[] decoded = Base64.getDecoder().decode(((String) dataUrl).substring(((String) dataUrl).indexOf(',') + 1));
            Path out = dir.resolve(entry.get("id") + ".img");
            ok("program", "image", "get", (String) entry.get("name"), "-o", out.toString(), "--quiet");
            assertThat(sha256(Files.readAllBytes(out))).isEqualTo(sha256(decoded));
            @SuppressWarnings("unchecked")
            var image = (Map<String, Object>) shown.get("image");
            assertThat(image.get("sha256")).isEqualTo(sha256(decoded));
            Path thumb = dir.resolve(entry.get("id") + ".thumb.png");
            ok("program", "image", "thumbnail", (String) entry.get("name"), "-o", thumb.toString(), "--quiet");
            assertThat(Files.size(thumb)).isPositive();
        }

        Map<String, Object> again = jsonObject(ok("import", "programs", file.toString(), "--json", "--quiet").out());
        assertThat(again).containsEntry("entries", new BigDecimal(4)).containsEntry("created", new BigDecimal(0))
                .containsEntry("alreadyImported", new BigDecimal(4)).containsEntry("problems", List.of())
                .containsEntry("error", null);
        assertThat(ok("program", "ls").out().lines().skip(1)).hasSize(4);
        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(Files.readAllBytes(SharedFixtures.path(EXPORT))).isEqualTo(before);
    }

    @Test
    void aDryRunDecodesAndChecksEverythingAndWritesNothing() throws Exception {
        Path file = SharedFixtures.copy(EXPORT, dir);
        CliRun dry = ok("import", "programs", file.toString(), "--dry-run", "--quiet");
        assertThat(dry.out()).contains("Dry run of " + file + " (nothing was changed):", "entries:             4",
                "would create:        4", "problems:            0");
        assertThat(ok("program", "ls").out()).doesNotContain("Bottle Cap Inspection");
        assertThat(blobFiles()).isEmpty();

        // a dry run finds the bad image a real run would refuse
        Path broken = Files.writeString(dir.resolve("broken.json"), Json.write(withBrokenEntries(file)));
        CliRun r = run("import", "programs", broken.toString(), "--dry-run", "--quiet");
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out()).contains("would create:        4", "problems:            6");
        assertThat(blobFiles()).isEmpty();
    }

    @Test
    void badEntriesAreReportedByIndexIdAndReasonAndTheOthersComeIn() throws Exception {
        Path file = SharedFixtures.copy(EXPORT, dir);
        Path broken = Files.writeString(dir.resolve("broken.json"), Json.write(withBrokenEntries(file)));
        byte[] before = Files.readAllBytes(broken);

        CliRun r = run("import", "programs", broken.toString(), "--quiet");
        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(1);
        assertThat(r.out()).contains("entries:             10", "created:             4", "problems:            6");
        assertThat(r.out().lines().filter(l -> l.startsWith("  #")))
                .hasSize(6)
                .anySatisfy(l -> assertThat(l).startsWith("  #4 (no id): ").contains("not a JSON object"))
                .anySatisfy(l -> assertThat(l).startsWith("  #5 bad_name: ").contains("name"))
                .anySatisfy(l -> assertThat(l).startsWith("  #6 not_an_image: "))
                .anySatisfy(l -> assertThat(l).startsWith("  #7 bad_data_url: "))
                .anySatisfy(l -> assertThat(l).startsWith("  #8 no_created_at: ").contains("createdAt is missing"))
                .anySatisfy(l -> assertThat(l).startsWith("  #9 prog_1727683200000: ").contains("duplicate id"));
        assertThat(r.err()).isEqualToIgnoringNewLines("stowage: 6 of 10 entries of " + broken
                + " had problems; the others were imported");
        assertThat(ok("program", "ls").out().lines().skip(1)).hasSize(4);
        assertThat(Files.readAllBytes(broken)).isEqualTo(before);

        // three images and their thumbnails; the refused image left no blob behind
        assertThat(blobFiles()).hasSize(6);
    }

    @Test
    void withJsonTheReportIsPrintedOnEveryExitPath() throws Exception {
        Path notJson = Files.writeString(dir.resolve("notes.txt"), "this is not JSON");
        Map<String, Object> unreadable = jsonObject(run("import", "programs", notJson.toString(), "--json").out());
        assertThat(unreadable).containsEntry("created", new BigDecimal(0));
        assertThat(unreadable.get("stoppedBy") != null || unreadable.get("error") != null).isTrue();

        Path absent = dir.resolve("absent.json");
        Map<String, Object> missing = jsonObject(fails("import", "programs", absent.toString(), "--json").out());
        assertThat(missing).containsEntry("error", "cannot read " + absent + ": no such file or folder");

        // an export cut off in the middle: the entries before the cut come in, the report says where it stopped
        String whole = Files.readString(SharedFixtures.path(EXPORT));
        Path cut = Files.writeString(dir.resolve("cut.json"), whole.substring(0, whole.indexOf("prog_1727856000000")));
        CliRun partial = run("import", "programs", cut.toString(), "--json", "--quiet");
        assertThat(partial.exitCode()).as(partial.transcript()).isEqualTo(1);
        Map<String, Object> report = jsonObject(partial.out());
        assertThat(report).containsEntry("created", new BigDecimal(2));
        assertThat((String) report.get("stoppedBy")).contains("the 2 programs before were imported");
    }

    /** The export plus six bad entries: not an object, a bad name, not an image, a bad data URL, a missing field, a duplicate id. */
    private static List<Object> withBrokenEntries(Path file) throws Exception {
        var all = new ArrayList<Object>(entries(Files.readString(file)));
        all.add("not an object");
        all.add(entry("bad_name", "   ", "data:image/png;base64," + Base64.getEncoder().encodeToString(new byte[] {1})));
        all.add(entry("not_an_image", "Not An Image",
                "data:image/png;base64," + Base64.getEncoder().encodeToString("plain text".getBytes())));
        all.add(entry("bad_data_url", "Bad Data Url", "data:image/png;base64,%%%not-base64%%%"));
        var noCreated = entry("no_created_at", "No Created At", null);
        noCreated.remove("createdAt");
        all.add(noCreated);
        all.add(entry("prog_1727683200000", "Another Bottle Cap", null));
        return all;
    }

    private static Map<String, Object> entry(String id, String name, String dataUrl) {
        var config = new LinkedHashMap<String, Object>();
        config.put("triggerType", "internal");
        config.put("masterImage", dataUrl);
        var e = new LinkedHashMap<String, Object>();
        e.put("id", id);
        e.put("name", name);
        e.put("createdAt", "2025-09-30T08:00:00.000Z");
        e.put("updatedAt", "2025-09-30T09:00:00.000Z");
        e.put("active", true);
        e.put("config", config);
        return e;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> entries(String json) {
        return (List<Map<String, Object>>) Json.parse(json);
    }

    @SuppressWarnings("unchecked")
    private static Object configOf(Map<String, Object> shown) {
        Object config = shown.get("config");
        return config instanceof String s ? Json.parse(s) : (Map<String, Object>) config;
    }

    /** Every blob in the fs blob store (only programs store blobs in these tests). */
    private List<Path> blobFiles() throws Exception {
        Path blobs = dataDir().resolve("blobs");
        if (!Files.exists(blobs)) {
            return List.of();
        }
        try (var walk = Files.walk(blobs)) {
            return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".blob")).toList();
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
