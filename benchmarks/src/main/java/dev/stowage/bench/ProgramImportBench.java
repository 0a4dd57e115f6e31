package dev.stowage.bench;

import static dev.stowage.bench.LegacyImportBench.configFor;
import static dev.stowage.bench.LegacyImportBench.cpuNanos;
import static dev.stowage.bench.LegacyImportBench.peakHeap;
import static dev.stowage.bench.LegacyImportBench.resetPeaks;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.testing.LegacyFileGenerator;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The localStorage program import ({@code stowage import programs}) of a generated export of real
 * PNGs (300 of about 3 MB: some 1.2 GB of base64), beside the legacy reader alone decoding every
 * image of the same export and discarding it: time and peak heap of each. Run it with the heap a
 * user would have, {@code -Xmx128m}, to show that neither the export nor one image is held whole.
 *
 * <pre>
 * java -Xmx128m -jar benchmarks/target/stowage-bench.jar program-import [--programs 300] [--edge 1000] [--dir target/bench-program-import]
 * </pre>
 */
final class ProgramImportBench implements Bench.Benchmark {

    @Override
    public String description() {
        return "program import of a ~1 GB localStorage export (300 PNGs of ~3 MB) vs the reader alone decoding it";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int programs = Integer.parseInt(opts.getOrDefault("--programs", "300"));
        int edge = Integer.parseInt(opts.getOrDefault("--edge", "1000"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-program-import")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("vision_programs.json");
        LegacyFileGenerator.programsWithPngs(file, programs, edge, 1);
        long size = Files.size(file);

        System.out.printf(Locale.ROOT, "program-import: %d programs, %.1f MB, max heap %d MiB, %s%n", programs,
                size / 1e6, Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println(Figures.row("", "Stowage", "reader alone", "ratio"));

        ImportReport report;
        double seconds;
        double cpu;
        long peak;
        double baseline;
        double baselineCpu;
        long baselinePeak;
        try (Stowage stowage = Stowage.tools(configFor(dir.resolve("data")))) {
            stowage.start();
            System.gc();
            resetPeaks();
            long c0 = cpuNanos();
            long t0 = System.nanoTime();
            var decoded = new AtomicLong();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                stowage.instance(LegacyFiles.class).readPrograms(in, p -> p.image().ifPresent(i -> decoded.incrementAndGet()));
            }
            baseline = (System.nanoTime() - t0) / 1e9;
            baselineCpu = (cpuNanos() - c0) / 1e9;
            baselinePeak = peakHeap();
            if (decoded.get() != programs) {
                throw new IllegalStateException("decoded " + decoded + " images, expected " + programs);
            }

            System.gc();
            resetPeaks();
            long c1 = cpuNanos();
            long t1 = System.nanoTime();
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                report = stowage.instance(Key.get(new TypeLiteral<Optional<ImportProgramsUseCase>>() { }))
                        .orElseThrow().importPrograms(
                        Actor.admin(new UserId("bench")), in, false, ImportProgress.NONE);
            }
            seconds = (System.nanoTime() - t1) / 1e9;
            cpu = (cpuNanos() - c1) / 1e9;
            peak = peakHeap();
        }
        if (report.created() != programs || !report.clean()) {
            throw new IllegalStateException("imported " + report.created() + " of " + programs + ": " + report);
        }
        System.out.println(Figures.row("seconds", String.format(Locale.ROOT, "%.2f", seconds),
                String.format(Locale.ROOT, "%.2f", baseline), String.format(Locale.ROOT, "%.1fx", seconds / baseline)));
        System.out.println(Figures.row("CPU seconds (all threads, GC included)", String.format(Locale.ROOT, "%.2f", cpu),
                String.format(Locale.ROOT, "%.2f", baselineCpu), String.format(Locale.ROOT, "%.1fx", cpu / baselineCpu)));
        System.out.println(Figures.row("MB of export per second", Figures.f1(size / 1e6 / seconds),
                Figures.f1(size / 1e6 / baseline), ""));
        System.out.println(Figures.row("peak heap MiB", Long.toString(peak >> 20), Long.toString(baselinePeak >> 20), ""));
        DocumentsBench.deleteTree(dir);
    }
}
