package dev.stowage.testing;

import dev.stowage.domain.common.Sha256;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Writes large legacy files for tests and benchmarks, as streams (nothing is built in memory): a
 * queue state file of many jobs shaped like the shared fixture's, and a programs export with big
 * base64 master images.
 */
public final class LegacyFileGenerator {
    private static final String[] STATES = {"completed", "failed", "cancelled", "pending", "processing"};

    private LegacyFileGenerator() {
    }

    /**
     * A queue state file (format 1.0) of {@code jobs} jobs with ids {@code job_0000000} up, about 470
     * bytes each as the fixture's are (so 107,000 jobs make about 50 MB). States cycle through
     * completed, failed, cancelled, pending and processing.
     *
     * @return the file's size in bytes
     */
    public static long queueState(Path file, int jobs, long seed) {
        var random = new SplittableRandom(seed);
        Instant base = Instant.parse("2024-01-15T10:30:00Z");
        try (Writer w = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8),
                1 << 16)) {
            w.write("{\n  \"version\": \"1.0\",\n  \"created_at\": \"2024-01-15T10:30:00Z\",\n"
                    + "  \"queue_settings\": {\"max_concurrent_jobs\": 2, \"auto_retry_failed\": true, "
                    + "\"max_retry_attempts\": 3, \"output_base_folder\": \"/srv/renders/output\"},\n"
                    + "  \"global_render_options\": {\"generate_image\": true, \"width\": 1920, \"height\": 1080, "
                    + "\"material\": \"plastic\", \"lighting\": \"studio\"},\n"
                    + "  \"global_validation_options\": {\"level\": \"standard\", \"auto_repair\": true},\n"
                    + "  \"jobs\": [\n");
            for (int i = 0; i < jobs; i++) {
                String state = STATES[i % STATES.length];
                Instant created = base.plusSeconds(i);
                Instant started = created.plusSeconds(5);
                int seconds = 10 + random.nextInt(200);
                boolean finished = !state.equals("pending") && !state.equals("processing");
                String model = String.format(Locale.ROOT, "Model%07d", i);
                w.write(String.format(Locale.ROOT,
                        "    {\"id\": \"job_%07d\", \"stl_path\": \"/srv/models/%s.stl\", "
                                + "\"output_folder\": \"/srv/renders/output/%s\", \"state\": \"%s\", \"progress\": %s, "
                                + "\"created_at\": \"%s\", \"started_at\": %s, \"completed_at\": %s, "
                                + "\"estimated_duration\": %d.0, \"actual_duration\": %s, "
                                + "\"render_options\": {\"width\": %d}, \"validation_options\": {}, "
                                + "\"results\": %s, \"error_message\": %s}%s\n",
                        i, model, model, state,
                        state.equals("completed") ? "100.0" : state.equals("processing") ? "42.5" : "0.0",
                        created, state.equals("pending") ? "null" : "\"" + started + "\"",
                        finished ? "\"" + started.plusSeconds(seconds) + "\"" : "null", seconds,
                        finished ? seconds + ".3" : "null", 640 + random.nextInt(3000),
                        state.equals("completed") ? "{\"validation_passed\": true, \"files_generated\": [\"/srv/renders/"
                                + "output/" + model + "/renders/" + model + "_render.png\"], \"errors\": [], "
                                + "\"warnings\": []}" : "null",
                        state.equals("failed") ? "\"Mesh validation failed\"" : "null",
                        i + 1 < jobs ? "," : ""));
            }
            w.write("  ]\n}\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A localStorage export of {@code programs} programs, each with a PNG-typed master image of
     * {@code imageBytes} random bytes, written as a base64 data URL without holding it whole.
     *
     * @return the SHA-256 (hex) of each program's image bytes, in order
     */
    public static List<String> programs(Path file, int programs, int imageBytes, long seed) {
        var random = new SplittableRandom(seed);
        var digests = new ArrayList<String>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, "[\n");
            for (int i = 0; i < programs; i++) {
                write(out, String.format(Locale.ROOT, "  {\"id\": \"prog_%06d\", \"name\": \"Program %d\", "
                        + "\"createdAt\": \"2025-09-30T08:00:00.000Z\", \"updatedAt\": \"2025-10-02T14:31:12.000Z\", "
                        + "\"active\": %s, \"config\": {\"triggerType\": \"internal\", \"focusValue\": %d, "
                        + "\"masterImage\": \"data:image/png;base64,", i, i, i % 2 == 0, i % 100));
                MessageDigest sha = sha256();
                // the encoder must not close the file: close it through a wrapper that only flushes
                try (OutputStream encoded = Base64.getEncoder().wrap(new Unclosable(out))) {
                    byte[] chunk = new byte[64 * 1024];
                    for (int left = imageBytes; left > 0; left -= chunk.length) {
                        int n = Math.min(left, chunk.length);
                        random.nextBytes(chunk);
                        sha.update(chunk, 0, n);
                        encoded.write(chunk, 0, n);
                    }
                }
                digests.add(HexFormat.of().formatHex(sha.digest()));
                write(out, "\", \"tools\": [{\"id\": \"tool_1\", \"type\": \"outline\", \"threshold\": 65}]}}"
                        + (i + 1 < programs ? "," : "") + "\n");
            }
            write(out, "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    /**
     * A localStorage export of {@code programs} programs whose master images are real PNGs of
     * {@code edge} x {@code edge} random pixels (about {@code 3 * edge * edge} bytes each, as random
     * pixels hardly compress), so that an import checks and thumbnails them like any upload. Each PNG
     * is made in memory, one at a time; the export is written as a stream.
     *
     * @return the SHA-256 (hex) of each program's image bytes, in order
     */
    public static List<String> programsWithPngs(Path file, int programs, int edge, long seed) {
        var random = new SplittableRandom(seed);
        var digests = new ArrayList<String>();
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            write(out, "[\n");
            var image = new java.awt.image.BufferedImage(edge, edge, java.awt.image.BufferedImage.TYPE_INT_RGB);
            for (int i = 0; i < programs; i++) {
                for (int y = 0; y < edge; y++) {
                    for (int x = 0; x < edge; x++) {
                        image.setRGB(x, y, random.nextInt(1 << 24));
                    }
                }
                var png = new java.io.ByteArrayOutputStream(3 * edge * edge + 4096);
                javax.imageio.ImageIO.write(image, "png", png);
                byte[] bytes = png.toByteArray();
                digests.add(HexFormat.of().formatHex(sha256().digest(bytes)));
                write(out, String.format(Locale.ROOT, "  {\"id\": \"prog_%06d\", \"name\": \"Program %d\", "
                        + "\"createdAt\": \"2025-09-30T08:00:00.000Z\", \"updatedAt\": \"2025-10-02T14:31:12.000Z\", "
                        + "\"active\": %s, \"config\": {\"triggerType\": \"internal\", \"focusValue\": %d, "
                        + "\"masterImage\": \"data:image/png;base64,", i, i, i % 2 == 0, i % 100));
                try (OutputStream encoded = Base64.getEncoder().wrap(new Unclosable(out))) {
                    encoded.write(bytes);
                }
                write(out, "\", \"tools\": [{\"id\": \"tool_1\", \"type\": \"outline\", \"threshold\": 65}]}}"
                        + (i + 1 < programs ? "," : "") + "\n");
            }
            write(out, "]\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return digests;
    }

    private static void write(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    /** Passes bytes through; closing it only flushes, so the base64 encoder can finish without closing the file. */
    private static final class Unclosable extends OutputStream {
        private final OutputStream out;

        Unclosable(OutputStream out) {
            this.out = out;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
