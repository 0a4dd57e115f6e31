package dev.stowage.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import io.javalin.Javalin;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP service as its clients meet it: the real service ({@link Stowage#service}) on a
 * loopback port over a fresh data folder, driven by the real {@code curl} and {@code wrk} binaries.
 *
 * <ol>
 *   <li>a large upload with curl ({@code POST /api/v1/documents}) beside a raw stream copy of the
 *       same file to the same disk with an fsync;</li>
 *   <li>a large download with curl to {@code /dev/null} beside curl reading the same bytes from a
 *       {@code file://} URL (both from the page cache);</li>
 *   <li>authenticated metadata reads ({@code GET /api/v1/documents/{id}} with a bearer token) with
 *       wrk, beside a bare Javalin server in the same JVM answering the same bytes without
 *       authentication or storage.</li>
 * </ol>
 *
 * <p>The token comes from {@link ManageTokensUseCase} of the running instance and reaches curl
 * through a header file and wrk through a Lua script, both readable by their owner only: never a
 * command line, which other users of the machine can read.
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar http [--size 1g] [--connections 64] [--threads 2]
 *      [--duration 15s] [--runs 3] [--dir target/bench-http]
 * </pre>
 */
final class HttpBench implements Bench.Benchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DURATION = Pattern.compile("[1-9][0-9]*[sm]");
    private static final Pattern REQUESTS_PER_SECOND = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern P99 = Pattern.compile("(?m)^\\s*99%\\s+([0-9.]+)(us|ms|s)\\s*$");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses:\\s+([0-9]+)");
    private static final Pattern SOCKET_ERRORS = Pattern.compile("Socket errors:[^\\n]*");

    private static final double UPLOAD_TARGET = 0.60;
    private static final double DOWNLOAD_TARGET_MBPS = 1000;
    private static final double REQUESTS_TARGET = 20_000;
    private static final double P99_TARGET_MS = 15;

    @Override
    public String description() {
        return "the HTTP service with curl (1 GiB up/down) and wrk (metadata GETs) vs a raw copy and bare Jetty";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        long size = Figures.size(opts.getOrDefault("--size", "1g"));
        int connections = Integer.parseInt(opts.getOrDefault("--connections", "64"));
        int threads = Integer.parseInt(opts.getOrDefault("--threads", "2"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
        String duration = opts.getOrDefault("--duration", "15s");
        if (!DURATION.matcher(duration).matches()) {
            throw new IllegalArgumentException("--duration must be seconds or minutes such as 15s or 1m, was " + duration);
        }
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-http")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);

        System.out.printf(Locale.ROOT, "http: %d bytes, %d runs each; wrk %d connections, %d threads, %s; %d cores, "
                        + "max heap %d MiB, %s%n", size, runs, connections, threads, duration,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println("load average at start: " + loadAverage());

        Optional<Path> curl = onPath("curl");
        Optional<Path> wrk = onPath("wrk");
        try (Stowage stowage = Stowage.service(configFor(dir.resolve("data")))) {
            stowage.start();
            String base = "http://127.0.0.1:" + stowage.httpPort();
            String secret = stowage.instance(ManageTokensUseCase.class)
                    .issue(new UserId("bench"), false, TokenScopes.everyQueue(), "http bench").secret();
            Path headerFile = ownerOnly(dir.resolve("auth-header.txt"), "Authorization: Bearer " + secret + "\n");

            System.out.println(Figures.row("", "Stowage", "baseline", "ratio"));
            if (curl.isPresent()) {
                bytes(curl.get(), dir, base, headerFile, size, runs);
            } else {
                System.out.println("  curl is not on PATH: apt-get install -y curl (upload and download skipped)");
            }
            if (wrk.isPresent()) {
                metadata(wrk.get(), dir, base, secret, connections, threads, duration, runs);
            } else {
                System.out.println("  wrk is not on PATH: apt-get install -y wrk (metadata GETs skipped)");
            }
        }
        System.out.println("load average at end: " + loadAverage());
        DocumentsBench.deleteTree(dir);
    }

    // --- (i) and (ii): bytes with curl ------------------------------------------------------------

    private static void bytes(Path curl, Path dir, String base, Path headerFile, long size, int runs) throws Exception {
        Path source = dir.resolve("source.bin");
        DocumentsBench.writeSource(source, size);
        Path copy = dir.resolve("raw-copy.bin");
        var rawUp = new ArrayList<Double>();
        var up = new ArrayList<Double>();
        String id = null;
        // Interleaved, so that a neighbour's burst on the shared machine hits both sides alike.
        for (int i = 0; i < runs; i++) {
            Files.deleteIfExists(copy);
            rawUp.addAll(Figures.time(1, () -> DocumentsBench.rawCopyWithFsync(source, copy)));
            if (id != null) {
                curl(curl, dir, "-H", "@" + headerFile, "-X", "DELETE", "-o", "/dev/null", base + "/api/v1/documents/" + id);
            }
            Path created = dir.resolve("created.json");
            up.addAll(Figures.time(1, () -> {
                // -T streams the file (--data-binary @file would read it all into curl's memory
                // first); -X POST because -T alone is a PUT; no Expect: 100-continue round trip.
                String status = curl(curl, dir, "-H", "@" + headerFile, "-H", "Content-Type: application/octet-stream",
                        "-H", "Expect:", "-X", "POST", "-T", source.toString(), "-o", created.toString(),
                        "-w", "%{http_code}", base + "/api/v1/documents?name=bench-upload&fileName=source.bin");
                require(status.equals("201"), "upload answered " + status + ": " + Files.readString(created));
            }));
            JsonNode doc = JSON.readTree(created.toFile());
            require(doc.get("size").asLong() == size, "stored " + doc.get("size") + " bytes, expected " + size);
            id = doc.get("id").asText();
        }
        Files.deleteIfExists(copy);
        double upMbps = Figures.mbps(size, Figures.median(up));
        double rawUpMbps = Figures.mbps(size, Figures.median(rawUp));
        System.out.println(Figures.row("upload, curl -T, MB/s (median)", Figures.f1(upMbps),
                Figures.f1(rawUpMbps) + " raw", Figures.pct(upMbps / rawUpMbps)));

        var rawDown = new ArrayList<Double>();
        var down = new ArrayList<Double>();
        String url = base + "/api/v1/documents/" + id + "/content";
        for (int i = 0; i < runs; i++) {
            rawDown.addAll(Figures.time(1, () -> {
                String got = curl(curl, dir, "-o", "/dev/null", "-w", "%{size_download}", source.toUri().toString());
                require(Long.parseLong(got) == size, "curl read " + got + " bytes from the file, expected " + size);
            }));
            down.addAll(Figures.time(1, () -> {
                String got = curl(curl, dir, "-H", "@" + headerFile, "-o", "/dev/null", "-w", "%{http_code} %{size_download}", url);
                require(got.equals("200 " + size), "download answered '" + got + "', expected '200 " + size + "'");
            }));
        }
        double downMbps = Figures.mbps(size, Figures.median(down));
        double rawDownMbps = Figures.mbps(size, Figures.median(rawDown));
        System.out.println(Figures.row("download, curl to /dev/null, MB/s (median)", Figures.f1(downMbps),
                Figures.f1(rawDownMbps) + " file://", Figures.pct(downMbps / rawDownMbps)));
        verdict("upload >= " + Figures.pct(UPLOAD_TARGET) + " of the raw copy", upMbps / rawUpMbps >= UPLOAD_TARGET);
        verdict("download >= " + (int) DOWNLOAD_TARGET_MBPS + " MB/s", downMbps >= DOWNLOAD_TARGET_MBPS);
        Files.deleteIfExists(source);
    }

    // --- (iii): metadata reads with wrk -----------------------------------------------------------

    private static void metadata(Path wrk, Path dir, String base, String secret, int connections, int threads,
                                 String duration, int runs) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(
                        base + "/api/v1/documents?name=bench-metadata&fileName=notes.txt&meta.project=bench"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("a small document whose metadata is read")).build(),
                HttpResponse.BodyHandlers.ofString());
        require(created.statusCode() == 201, "metadata document answered " + created.statusCode() + ": " + created.body());
        String url = base + "/api/v1/documents/" + JSON.readTree(created.body()).get("id").asText();
        HttpResponse<byte[]> sample = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofByteArray());
        require(sample.statusCode() == 200, "metadata GET answered " + sample.statusCode());
        Path script = ownerOnly(dir.resolve("auth.lua"), "wrk.headers[\"Authorization\"] = \"Bearer " + secret + "\"\n");

        // The baseline answers the very same bytes from the same Jetty and Javalin, with no token
        // check, no lookup and no serialization: what Stowage adds is the difference.
        byte[] body = sample.body();
        Javalin bare = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.routes.get("/doc", ctx -> ctx.contentType("application/json").result(body));
        }).start("127.0.0.1", 0);
        try {
            String bareUrl = "http://127.0.0.1:" + bare.port() + "/doc";
            // Warm-up: the JIT compiles both paths before anything is measured.
            wrk(wrk, dir, script, threads, connections, "3s", url);
            wrk(wrk, dir, script, threads, connections, "3s", bareUrl);
            var rps = new ArrayList<Double>();
            var p99 = new ArrayList<Double>();
            var bareRps = new ArrayList<Double>();
            var bareP99 = new ArrayList<Double>();
            for (int i = 0; i < runs; i++) {
                WrkResult s = wrk(wrk, dir, script, threads, connections, duration, url);
                WrkResult b = wrk(wrk, dir, script, threads, connections, duration, bareUrl);
                System.out.printf(Locale.ROOT, "    run %d: Stowage %.0f req/s p99 %.2f ms; bare %.0f req/s p99 %.2f ms%n",
                        i + 1, s.requestsPerSecond, s.p99Millis, b.requestsPerSecond, b.p99Millis);
                rps.add(s.requestsPerSecond);
                p99.add(s.p99Millis);
                bareRps.add(b.requestsPerSecond);
                bareP99.add(b.p99Millis);
            }
            double r = Figures.median(rps);
            double p = Figures.median(p99);
            System.out.println(Figures.row("metadata GET with token, req/s (median)", Figures.f1(r),
                    Figures.f1(Figures.median(bareRps)) + " bare", Figures.pct(r / Figures.median(bareRps))));
            System.out.println(Figures.row("metadata GET with token, p99 ms (median)", String.format(Locale.ROOT, "%.2f", p),
                    String.format(Locale.ROOT, "%.2f bare", Figures.median(bareP99)), ""));
            verdict("metadata GETs >= " + (int) REQUESTS_TARGET + " req/s", r >= REQUESTS_TARGET);
            verdict("metadata GET p99 < " + (int) P99_TARGET_MS + " ms", p < P99_TARGET_MS);
        } finally {
            bare.stop();
            Files.deleteIfExists(script);
        }
    }

    record WrkResult(double requestsPerSecond, double p99Millis) {
    }

    private static WrkResult wrk(Path wrk, Path dir, Path script, int threads, int connections, String duration,
                                 String url) throws Exception {
        String out = run(dir, List.of(wrk.toString(), "-t" + threads, "-c" + connections, "-d" + duration,
                "--latency", "-s", script.toString(), url));
        Matcher bad = NON_2XX.matcher(out);
        require(!bad.find(), "wrk got " + (bad.hitEnd() ? "" : bad.group(1)) + " answers that were not 2xx from " + url);
        Matcher errors = SOCKET_ERRORS.matcher(out);
        if (errors.find()) {
            System.out.println("    wrk reported " + errors.group() + " on " + url);
        }
        Matcher rps = REQUESTS_PER_SECOND.matcher(out);
        Matcher p99 = P99.matcher(out);
        require(rps.find() && p99.find(), "cannot read wrk's report:\n" + out);
        double value = Double.parseDouble(p99.group(1));
        double millis = switch (p99.group(2)) {
            case "us" -> value / 1000;
            case "s" -> value * 1000;
            default -> value;
        };
        return new WrkResult(Double.parseDouble(rps.group(1)), millis);
    }

    // --- helpers --------------------------------------------------------------------------------

    private static StowageConfig configFor(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.http.port", "0");
        overrides.put("stowage.documents.max-document-bytes", "1TiB");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    private static String curl(Path curl, Path dir, String... args) throws Exception {
        var command = new ArrayList<>(List.of(curl.toString(), "-sS", "--fail-with-body", "--max-time", "600"));
        command.addAll(List.of(args));
        return run(dir, command);
    }

    /** Runs a program to its end; its standard output, or an exception with its standard error. */
    private static String run(Path dir, List<String> command) throws Exception {
        Path err = dir.resolve("stderr.txt");
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(err.toFile()).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        if (!p.waitFor(15, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not finish");
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(Path.of(command.get(0)).getFileName() + " exited with " + p.exitValue()
                    + ": " + Files.readString(err) + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            Path candidate = Path.of(d.isEmpty() ? "." : d, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A file that holds a secret: created readable and writable by its owner only. */
    private static Path ownerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private static void verdict(String target, boolean met) {
        System.out.printf(Locale.ROOT, "  target %-52s %s%n", target, met ? "met" : "MISSED");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
