package dev.stowage.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Start-up time of the real service: launches {@code stowage serve} N times against one data
 * folder (already migrated by an untimed first run, so the disk and the page cache are warm) and
 * times each launch to its "is serving" line on stdout; then stops it with SIGTERM. Beside it, in
 * the same run and interleaved with it (so both see the same load on the machine), the baselines:
 * {@code java -version} (the JVM alone) and a trivial class from a jar (the JVM loading one class
 * of ours and printing a line).
 *
 * <pre>startup [--runs N] [--jar bootstrap/target/stowage.jar] [--launcher bin/stowage] [--data DIR]</pre>
 *
 * With {@code --launcher}, the service is started by that script ({@code bin/stowage}) instead of
 * {@code java -jar}, to compare the two.
 */
final class StartupBench implements Bench.Benchmark {
    private static final String SERVING = "is serving";

    @Override
    public String description() {
        return "launch to \"is serving\" of stowage serve, beside java -version and a trivial java class";
    }

    @Override
    public void run(String[] args) throws Exception {
        int runs = 10;
        Path jar = Path.of("bootstrap/target/stowage.jar");
        Path launcher = null;
        Path data = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--jar" -> jar = Path.of(args[++i]);
                case "--launcher" -> launcher = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; expected --runs N, --jar FILE, --launcher SCRIPT, --data DIR");
            }
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException(jar + " is missing: build it first (./mvnw -B -q -DskipTests package)");
        }
        Path work = Files.createTempDirectory("stowage-startup-");
        Path dataDir = data != null ? data : work.resolve("data");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path benchJar = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());

        List<String> serve = new ArrayList<>();
        if (launcher != null) {
            serve.add(launcher.toAbsolutePath().toString());
        } else {
            serve.addAll(List.of(java, "-jar", jar.toAbsolutePath().toString()));
        }
        serve.addAll(List.of("serve", "--data-dir", dataDir.toString(), "--port", "0"));
        List<String> version = List.of(java, "-version");
        List<String> hello = List.of(java, "-cp", benchJar.toString(), Hello.class.getName());

        System.out.printf(Locale.ROOT, "start-up: %d launches each, %d cores, data in %s%n", runs,
                Runtime.getRuntime().availableProcessors(), dataDir);
        System.out.println("  command: " + String.join(" ", serve));
        untilServing(serve); // creates and migrates the database, warms the page cache; not timed
        var stowage = new ArrayList<Double>();
        var jvm = new ArrayList<Double>();
        var trivial = new ArrayList<Double>();
        for (int i = 0; i < runs; i++) {
            jvm.add(toExit(version));
            trivial.add(toExit(hello));
            stowage.add(untilServing(serve));
        }
        System.out.println(Figures.row("seconds", "median", "min", "max"));
        print("stowage serve: launch to \"is serving\"", stowage);
        print("baseline: java -version", jvm);
        print("baseline: trivial class from a jar", trivial);
        System.out.printf(Locale.ROOT, "  stowage's own share (median minus the trivial class): %.2f s%n",
                Figures.median(stowage) - Figures.median(trivial));
        if (data == null) {
            deleteTree(work);
        }
    }

    private static void print(String what, List<Double> xs) {
        System.out.println(Figures.row(what, secs(Figures.median(xs)), secs(Figures.best(xs)),
                secs(xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /** Seconds from launch to the "is serving" line; then stops the service with SIGTERM and waits for it. */
    private static double untilServing(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                if (line.contains(SERVING)) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    p.destroy();
                    if (!p.waitFor(2, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                    }
                    return seconds;
                }
            }
        } finally {
            if (p.isAlive()) {
                p.destroyForcibly();
            }
        }
        throw new IllegalStateException(String.join(" ", command) + " exited with " + p.waitFor()
                + " before it served (run it by hand to see why)");
    }

    private static double toExit(List<String> command) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int code = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", command) + " exited with " + code);
        }
        return seconds;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The trivial baseline: one class of ours, one line out. */
    static final class Hello {
        private Hello() {
        }

        public static void main(String[] args) {
            System.out.println("hello " + Arrays.toString(args));
        }
    }
}
