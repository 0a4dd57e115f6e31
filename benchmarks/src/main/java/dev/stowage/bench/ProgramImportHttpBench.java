package dev.stowage.bench;

import static dev.stowage.bench.LegacyImportBench.peakHeap;
import static dev.stowage.bench.LegacyImportBench.resetPeaks;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.LegacyFileGenerator;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The localStorage program import over HTTP ({@code POST /api/v1/programs/import}, the export
 * streamed from its file in chunks by the JDK's client on loopback) beside the same import through
 * the use case straight from the file, each into a data folder of its own: time and peak heap
 * (server and client share this JVM). The difference is what HTTP costs; run it with the heap a
 * server would have to show that the body is streamed, not held.
 *
 * <pre>
 * java -Xmx128m -jar benchmarks/target/stowage-bench.jar program-import-http [--programs 300] [--edge 1000] [--dir target/bench-program-import-http]
 * </pre>
 */
final class ProgramImportHttpBench implements Bench.Benchmark {

    @Override
    public String description() {
        return "program import over HTTP (streamed, chunked) vs the same import through the use case";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int programs = Integer.parseInt(opts.getOrDefault("--programs", "300"));
        int edge = Integer.parseInt(opts.getOrDefault("--edge", "1000"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-program-import-http")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("vision_programs.json");
        LegacyFileGenerator.programsWithPngs(file, programs, edge, 1);
        long size = Files.size(file);

        System.out.printf(Locale.ROOT, "program-import-http: %d programs, %.1f MB, max heap %d MiB, %s%n", programs,
                size / 1e6, Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println(Figures.row("", "over HTTP", "use case", "ratio"));

        double baseline;
        long baselinePeak;
        try (Stowage direct = Stowage.tools(LegacyImportBench.configFor(dir.resolve("direct")))) {
            direct.start();
            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            ImportReport report;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                report = direct.instance(Key.get(new TypeLiteral<Optional<ImportProgramsUseCase>>() { })).orElseThrow()
                        .importPrograms(Actor.admin(new UserId("bench")), in, false, ImportProgress.NONE);
            }
            baseline = (System.nanoTime() - t0) / 1e9;
            baselinePeak = peakHeap();
            if (report.created() != programs || !report.clean()) {
                throw new IllegalStateException("imported " + report.created() + " of " + programs + ": " + report);
            }
        }

        double seconds;
        long peak;
        try (Stowage served = Stowage.service(serviceConfig(dir.resolve("served")))) {
            served.start();
            String token = served.instance(ManageTokensUseCase.class)
                    .issue(new UserId("bench"), true, TokenScopes.none(), "program import bench").secret();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + served.httpPort()
                            + "/api/v1/programs/import"))
                    .timeout(Duration.ofHours(2)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> open(file))).build();
            System.gc();
            resetPeaks();
            long t1 = System.nanoTime();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            seconds = (System.nanoTime() - t1) / 1e9;
            peak = peakHeap();
            if (answer.statusCode() != 200 || !answer.body().contains("\"created\":" + programs + ",")
                    || !answer.body().contains("\"problems\":[]")) {
                throw new IllegalStateException("the HTTP import answered " + answer.statusCode() + ": " + answer.body());
            }
        }
        System.out.println(Figures.row("seconds", String.format(Locale.ROOT, "%.2f", seconds),
                String.format(Locale.ROOT, "%.2f", baseline), String.format(Locale.ROOT, "%.2fx", seconds / baseline)));
        System.out.println(Figures.row("MB of export per second", Figures.f1(size / 1e6 / seconds),
                Figures.f1(size / 1e6 / baseline), ""));
        System.out.println(Figures.row("peak heap MiB", Long.toString(peak >> 20), Long.toString(baselinePeak >> 20), ""));
        DocumentsBench.deleteTree(dir);
    }

    private static StowageConfig serviceConfig(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.http.port", "0");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    private static InputStream open(Path file) {
        try {
            return new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
