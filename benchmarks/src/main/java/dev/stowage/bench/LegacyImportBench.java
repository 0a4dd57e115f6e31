package dev.stowage.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.testing.LegacyFileGenerator;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The legacy queue state import ({@code stowage import queue-state}) of a large generated file,
 * beside Jackson streaming through the same file and copying each job entry out as text (what the
 * import's reader does, without importing): time and peak heap of each. Run it with the heap a user
 * would have, for example {@code -Xmx128m}, to show the import's memory does not grow with the file.
 *
 * <pre>
 * java -Xmx128m -jar benchmarks/target/stowage-bench.jar legacy-import [--jobs 107000] [--dir target/bench-legacy]
 * </pre>
 */
final class LegacyImportBench implements Bench.Benchmark {

    @Override
    public String description() {
        return "queue-state import of a ~50 MB legacy file (107k jobs) vs Jackson streaming through it";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "107000"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-legacy")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("queue_state.json");
        long size = LegacyFileGenerator.queueState(file, jobs, 1);

        System.out.printf(Locale.ROOT, "legacy-import: %d jobs, %.1f MB, max heap %d MiB, %s%n", jobs, size / 1e6,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println(Figures.row("", "Stowage", "Jackson read", "ratio"));

        resetPeaks();
        long c0 = cpuNanos();
        long t0 = System.nanoTime();
        long entries = jacksonRead(file);
        double baseline = (System.nanoTime() - t0) / 1e9;
        double baselineCpu = (cpuNanos() - c0) / 1e9;
        long baselinePeak = peakHeap();
        if (entries != jobs) {
            throw new IllegalStateException("read " + entries + " entries, expected " + jobs);
        }

        ImportReport report;
        double seconds;
        double cpu;
        long peak;
        try (Stowage stowage = Stowage.tools(configFor(dir.resolve("data")))) {
            stowage.start();
            System.gc();
            resetPeaks();
            long c1 = cpuNanos();
            long t1 = System.nanoTime();
            report = stowage.instance(ImportQueueStateUseCase.class).importQueueState(
                    stowage.instance(LegacyFiles.class).queueState(file), new QueueName("bench"), new JobType("render"),
                    false, ImportProgress.NONE);
            seconds = (System.nanoTime() - t1) / 1e9;
            cpu = (cpuNanos() - c1) / 1e9;
            peak = peakHeap();
        }
        if (report.created() != jobs || !report.clean()) {
            throw new IllegalStateException("imported " + report.created() + " of " + jobs + ": " + report);
        }
        System.out.println(Figures.row("seconds", String.format(Locale.ROOT, "%.2f", seconds),
                String.format(Locale.ROOT, "%.2f", baseline), String.format(Locale.ROOT, "%.1fx", seconds / baseline)));
        System.out.println(Figures.row("CPU seconds (all threads, GC included)", String.format(Locale.ROOT, "%.2f", cpu),
                String.format(Locale.ROOT, "%.2f", baselineCpu), String.format(Locale.ROOT, "%.1fx", cpu / baselineCpu)));
        System.out.println(Figures.row("jobs per second", Figures.f1(jobs / seconds), Figures.f1(jobs / baseline), ""));
        System.out.println(Figures.row("peak heap MiB", Long.toString(peak >> 20), Long.toString(baselinePeak >> 20), ""));
        DocumentsBench.deleteTree(dir);
    }

    /** Streams through the file as the import's reader does, copying each job entry out as compact text. */
    private static long jacksonRead(Path file) throws Exception {
        JsonFactory json = new JsonFactory();
        long entries = 0;
        try (JsonParser p = json.createParser(file.toFile())) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (!name.equals("jobs")) {
                    p.skipChildren();
                    continue;
                }
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    var text = new StringWriter();
                    try (var gen = json.createGenerator(text)) {
                        gen.copyCurrentStructure(p);
                    }
                    if (text.getBuffer().length() > 0) {
                        entries++;
                    }
                }
            }
        }
        return entries;
    }

    /** CPU time of the whole process: on a busy machine it shows the work done better than the clock. */
    static long cpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** The sum of the heap pools' peaks since the last reset: an upper bound of the heap in use at once. */
    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    static StowageConfig configFor(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }
}
