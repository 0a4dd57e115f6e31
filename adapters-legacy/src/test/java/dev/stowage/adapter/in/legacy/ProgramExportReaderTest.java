package dev.stowage.adapter.in.legacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.legacy.LegacyProgram;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.testing.LegacyFileGenerator;
import dev.stowage.testing.SharedFixtures;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The programs export reader: the shared fixture, generated exports with big images, and broken entries. */
class ProgramExportReaderTest {
    @TempDir
    Path dir;
    Path tmp;
    JacksonLegacyFiles files;

    @BeforeEach
    void setUp() {
        tmp = dir.resolve("tmp");
        files = new JacksonLegacyFiles(LegacySettings.defaults(tmp, 64L << 20));
    }

    /** What the reader handed over, copied out while it was valid. */
    record Seen(LegacyProgram program, byte[] image) {
    }

    List<Seen> read(InputStream export) {
        var seen = new ArrayList<Seen>();
        files.readPrograms(export, p -> {
            byte[] bytes = null;
            if (p.image().isPresent()) {
                try (InputStream in = p.image().get().open()) {
                    bytes = in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            seen.add(new Seen(p, bytes));
        });
        return seen;
    }

    List<Seen> read(String json) {
        return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String json) {
        return (Map<String, Object>) Json.parse(json);
    }

    @Test
    void theFixtureComesEntryByEntryWithItsImagesDecodedAndItsConfigOtherwiseUnchanged() throws Exception {
        Path fixture = SharedFixtures.copy("legacy/vision_programs.json", dir);
        @SuppressWarnings("unchecked")
        var expected = (List<Map<String, Object>>) Json.parse(Files.readString(fixture));
        List<Seen> seen;
        try (InputStream in = Files.newInputStream(fixture)) {
            seen = read(in);
        }
        assertThat(seen).hasSize(4);
        for (int i = 0; i < 4; i++) {
            LegacyProgram p = seen.get(i).program();
            Map<String, Object> want = expected.get(i);
            assertThat(p.index()).isEqualTo(i);
            assertThat(p.problems()).isEmpty();
            assertThat(p.id()).contains((String) want.get("id"));
            var fields = object(p.fields().orElseThrow());
            var wantFields = new java.util.LinkedHashMap<>(want);
            wantFields.remove("config");
            assertThat(fields).isEqualTo(wantFields);
            assertThat(List.copyOf(fields.keySet())).isEqualTo(List.copyOf(wantFields.keySet()));
            @SuppressWarnings("unchecked")
            var wantConfig = new java.util.LinkedHashMap<>((Map<String, Object>) want.get("config"));
            Object dataUrl = wantConfig.remove("masterImage");
            var config = object(p.config().orElseThrow());
            assertThat(config).isEqualTo(wantConfig);
            assertThat(List.copyOf(config.keySet())).isEqualTo(List.copyOf(wantConfig.keySet()));
            if (dataUrl == null) {
                assertThat(p.image()).isEmpty();
                continue;
            }
            String url = (String) dataUrl;
            byte[] bytes = Base64.getDecoder().decode(url.substring(url.indexOf(',') + 1));
            var image = p.image().orElseThrow();
            assertThat(image.mime()).isEqualTo(url.substring(5, url.indexOf(';')));
            assertThat(image.size()).isEqualTo(bytes.length);
            assertThat(image.sha256()).isEqualTo(sha256(bytes));
            assertThat(seen.get(i).image()).isEqualTo(bytes);
        }
        assertThat(seen.get(0).program().image().orElseThrow().mime()).isEqualTo("image/png");
        assertThat(seen.get(1).program().image().orElseThrow().mime()).isEqualTo("image/jpeg");
        assertThat(seen.get(2).program().image()).isEmpty(); // masterImage null: a draft without an image
        // each image's temporary file is gone once its entry was handed over
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void imagesFarLargerThanAnyStringTheParserMayHoldAreDecodedAsStreams() throws Exception {
        Path export = dir.resolve("big.json");
        // 6 MiB images are 8 MiB of base64 each: twice the parser's string limit, so they cannot be read as strings.
        List<String> digests = LegacyFileGenerator.programs(export, 3, 6 << 20, 7);
        assertThat(Files.size(export)).isGreaterThan(3L * (8 << 20));
        var sizes = new ArrayList<Long>();
        var shas = new ArrayList<String>();
        var recomputed = new ArrayList<String>();
        try (InputStream in = Files.newInputStream(export)) {
            files.readPrograms(in, p -> {
                assertThat(p.problems()).isEmpty();
                var image = p.image().orElseThrow();
                sizes.add(image.size());
                shas.add(image.sha256());
                try (InputStream bytes = image.open()) {
                    var sha = MessageDigest.getInstance("SHA-256");
                    byte[] buf = new byte[1 << 16];
                    for (int n; (n = bytes.read(buf)) > 0; ) {
                        sha.update(buf, 0, n);
                    }
                    recomputed.add(HexFormat.of().formatHex(sha.digest()));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
                assertThat(object(p.config().orElseThrow())).containsOnlyKeys("triggerType", "focusValue", "tools");
            });
        }
        assertThat(sizes).containsExactly(6L << 20, 6L << 20, 6L << 20);
        assertThat(shas).isEqualTo(digests);
        assertThat(recomputed).isEqualTo(digests);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void aBadEntryIsHandedOverWithItsProblemAndTheNextOnesStillCome() {
        String png = Base64.getEncoder().encodeToString(new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3});
        List<Seen> seen = read("[\n"
                + "\"not an object\",\n"
                + "{\"id\":\"url\",\"config\":{\"masterImage\":\"https://example.com/a.png\",\"a\":1}},\n"
                + "{\"id\":\"bad64\",\"config\":{\"masterImage\":\"data:image/png;base64,iVBO@@@@\"}},\n"
                + "{\"id\":\"cut\",\"config\":{\"masterImage\":\"data:image/png;base64,iVBOR\"}},\n"
                + "{\"id\":\"number\",\"config\":{\"masterImage\":42}},\n"
                + "{\"id\":\"escaped\",\"config\":{\"masterImage\":\"data:image\\/png;base64," + png.replace("/", "\\/")
                + "\"}},\n"
                + "{\"id\":\"empty\",\"config\":{\"masterImage\":\"\"}},\n"
                + "{\"id\":\"ok\",\"config\":{\"masterImage\":\"data:image/png;base64," + png + "\"}}\n"
                + "]");
        assertThat(seen).extracting(s -> s.program().id().orElse("-"))
                .containsExactly("-", "url", "bad64", "cut", "number", "escaped", "empty", "ok");
        assertThat(seen.get(0).program().problems()).containsExactly("the entry is not a JSON object");
        assertThat(seen.get(1).program().problems()).singleElement().asString()
                .contains("not a base64 data URL", "https://example.com");
        assertThat(object(seen.get(1).program().config().orElseThrow())).isEqualTo(Map.of("a", new java.math.BigDecimal(1)));
        assertThat(seen.get(2).program().problems()).singleElement().asString().contains("'@'", "not base64");
        assertThat(seen.get(3).program().problems()).singleElement().asString().contains("cut short");
        assertThat(seen.get(4).program().problems()).singleElement().asString().contains("not a base64 data URL");
        for (int i = 1; i <= 4; i++) {
            assertThat(seen.get(i).program().image()).isEmpty();
        }
        byte[] expected = Base64.getDecoder().decode(png);
        assertThat(seen.get(5).image()).isEqualTo(expected);
        assertThat(seen.get(6).program().image()).isEmpty();
        assertThat(seen.get(6).program().problems()).isEmpty();
        assertThat(seen.get(7).image()).isEqualTo(expected);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void anImageOverTheLimitStopsDecodingAtTheLimitAndIsReportedWhileTheNextEntriesStillCome() throws Exception {
        // a limit of 1 MiB and images of 3 MiB: the spool stops at the limit and keeps nothing of the big image
        files = new JacksonLegacyFiles(LegacySettings.defaults(tmp, 1L << 20));
        String exact = Base64.getEncoder().encodeToString(new byte[1 << 20]);
        String over = Base64.getEncoder().encodeToString(new byte[(1 << 20) + 1]);
        var largest = new long[1];
        var seen = new ArrayList<LegacyProgram>();
        String export = "[{\"id\":\"big\",\"config\":{\"masterImage\":\"data:image/png;base64,"
                + Base64.getEncoder().encodeToString(new byte[3 << 20]) + "\"}},"
                + "{\"id\":\"over\",\"config\":{\"masterImage\":\"data:image/png;base64," + over + "\"}},"
                + "{\"id\":\"exact\",\"config\":{\"masterImage\":\"data:image/png;base64," + exact + "\"}}]";
        files.readPrograms(new ByteArrayInputStream(export.getBytes(StandardCharsets.US_ASCII)), p -> {
            seen.add(p);
            try (var spooled = Files.list(tmp)) {
                for (Path f : (Iterable<Path>) spooled::iterator) {
                    largest[0] = Math.max(largest[0], Files.size(f));
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        assertThat(seen).extracting(p -> p.id().orElse("-")).containsExactly("big", "over", "exact");
        for (int i = 0; i < 2; i++) {
            assertThat(seen.get(i).image()).isEmpty();
            assertThat(seen.get(i).problems()).singleElement().asString()
                    .contains("larger than the limit of " + (1 << 20) + " bytes");
        }
        assertThat(seen.get(2).problems()).isEmpty();
        assertThat(seen.get(2).image().orElseThrow().size()).isEqualTo(1L << 20);
        // nothing over the limit ever waited on disk
        assertThat(largest[0]).isLessThanOrEqualTo(1L << 20);
        assertThat(tmpFiles()).isEmpty();
    }

    @Test
    void dataUrlsAnywhereElseAreLeftAsTheyAre() {
        String url = "data:image/png;base64,AAAA";
        List<Seen> seen = read("[{\"id\":\"p\",\"masterImage\":\"" + url + "\",\"description\":\"" + url + "\","
                + "\"config\":{\"tools\":[{\"masterImage\":\"" + url + "\"}],\"nested\":{\"masterImage\":\"" + url
                + "\"}}}]");
        LegacyProgram p = seen.get(0).program();
        assertThat(p.problems()).isEmpty();
        assertThat(p.image()).isEmpty();
        assertThat(object(p.fields().orElseThrow())).containsEntry("masterImage", url).containsEntry("description", url);
        assertThat(p.config().orElseThrow()).isEqualTo("{\"tools\":[{\"masterImage\":\"" + url + "\"}],"
                + "\"nested\":{\"masterImage\":\"" + url + "\"}}");
    }

    @Test
    void anExportThatIsNotAnArrayOrBreaksOffIsRefusedAfterTheEntriesBeforeTheBreak() {
        assertThatThrownBy(() -> read("{\"programs\":[]}")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not a JSON array");
        assertThatThrownBy(() -> read("")).isInstanceOf(InvalidInputException.class).hasMessageContaining("empty");
        var ids = new ArrayList<String>();
        assertThatThrownBy(() -> files.readPrograms(new ByteArrayInputStream(
                "[{\"id\":\"a\",\"config\":{\"masterImage\":\"data:image/png;base64,AAAA\"}},{\"id\":\"b\",\"config\":{\"masterImage\":\"data:image/png;base64,AA"
                        .getBytes(StandardCharsets.UTF_8)), p -> ids.add(p.id().orElseThrow())))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("not readable JSON");
        assertThat(ids).containsExactly("a");
        assertThat(tmpFiles()).isEmpty();
    }

    private List<Path> tmpFiles() {
        if (!Files.isDirectory(tmp)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(tmp)) {
            return s.toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
