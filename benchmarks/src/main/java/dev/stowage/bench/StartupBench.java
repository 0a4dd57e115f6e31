package dev.stowage.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Start-up time of the real service: launches {@code stowage serve} against one data folder
 * (created and migrated by an untimed first run, so the disk and the page cache are warm) and times
 * each launch until it answers {@code GET /health} with 200 (and, beside it, until its "is serving"
 * line); then stops it with SIGTERM. Two ways are timed, interleaved round by round so both see the
 * same load: {@code java -jar stowage.jar serve} (no archive: a fresh clone's way) and
 * {@code bin/stowage serve} with its class-data archive. Before the rounds, the launcher's first
 * serve, which finds no archive and records one, is timed on its own, with the extra time its stop
 * takes to write the archive. Baselines in the same rounds: {@code java -version} (the JVM alone)
 * and a trivial class from a jar.
 *
 * <pre>startup [--runs N] [--jar bootstrap/target/stowage.jar] [--launcher bin/stowage] [--data DIR]</pre>
 *
 * The launcher's archives go to a folder of this run ({@code STOWAGE_CDS_DIR}), never to the
 * user's cache, so its first launch always records.
 */
final class StartupBench implements Bench.Benchmark {
    private static final Pattern SERVING = Pattern.compile("is serving http://[^:/]+:(\\d+)");

    @Override
    public String description() {
        return "launch to /health of stowage serve, java -jar and bin/stowage (AppCDS), beside java -version";
    }

    /** Seconds from launch to the "is serving" line and to the first 200 from /health. */
    private record Launch(double serving, double health) {
    }

    @Override
    public void run(String[] args) throws Exception {
        int runs = 10;
        Path jar = Path.of("bootstrap/target/stowage.jar");
        Path launcher = Path.of("bin/stowage");
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
        if (!Files.isRegularFile(launcher)) {
            throw new IllegalArgumentException(launcher + " is missing: run from the repository's folder or give --launcher");
        }
        Path work = Files.createTempDirectory("stowage-startup-");
        Path dataDir = data != null ? data : work.resolve("data");
        String java = ProcessHandle.current().info().command().orElse("java");
        Path benchJar = Path.of(StartupBench.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> serveArgs = List.of("serve", "--data-dir", dataDir.toString(), "--port", "0");

        var plain = new ArrayList<>(List.of(java, "-jar", jar.toAbsolutePath().toString()));
        plain.addAll(serveArgs);
        var cds = new ArrayList<>(List.of(launcher.toAbsolutePath().toString()));
        cds.addAll(serveArgs);
        Map<String, String> launcherEnv = Map.of("STOWAGE_JAR", jar.toAbsolutePath().toString(),
                "STOWAGE_CDS_DIR", work.resolve("cds").toString(), "JAVA", java);
        List<String> version = List.of(java, "-version");
        List<String> hello = List.of(java, "-cp", benchJar.toString(), Hello.class.getName());

        System.out.printf(Locale.ROOT, "start-up: %d launches each, %d cores, data in %s%n", runs,
                Runtime.getRuntime().availableProcessors(), dataDir);
        System.out.println("  java -jar:    " + String.join(" ", plain));
        System.out.println("  bin/stowage:  " + String.join(" ", cds));
        launch(plain, Map.of(), null); // creates and migrates the database, warms the page cache; not timed

        double[] stopSeconds = new double[1];
        Launch first = launch(cds, launcherEnv, stopSeconds);
        if (!hasArchive(work.resolve("cds"))) {
            throw new IllegalStateException(launcher + " made no archive in " + work.resolve("cds")
                    + ": run it by hand with that STOWAGE_CDS_DIR to see why");
        }
        var withJar = new ArrayList<Launch>();
        var withArchive = new ArrayList<Launch>();
        var jvm = new ArrayList<Double>();
        var trivial = new ArrayList<Double>();
        for (int i = 0; i < runs; i++) {
            jvm.add(toExit(version));
            trivial.add(toExit(hello));
            withJar.add(launch(plain, Map.of(), null));
            withArchive.add(launch(cds, launcherEnv, null));
        }
        System.out.println(Figures.row("seconds", "median", "min", "max"));
        print("java -jar serve: launch to /health 200", withJar.stream().map(Launch::health).toList());
        print("  to \"is serving\"", withJar.stream().map(Launch::serving).toList());
        print("bin/stowage serve (archive): to /health 200", withArchive.stream().map(Launch::health).toList());
        print("  to \"is serving\"", withArchive.stream().map(Launch::serving).toList());
        print("bin/stowage first serve (records): to /health", List.of(first.health()));
        print("  its stop, writing the archive", List.of(stopSeconds[0]));
        print("baseline: java -version", jvm);
        print("baseline: trivial class from a jar", trivial);
        double base = Figures.median(trivial);
        System.out.printf(Locale.ROOT, "  stowage's own share (median to /health minus the trivial class): java -jar %.2f s,"
                + " bin/stowage %.2f s%n", Figures.median(withJar.stream().map(Launch::health).toList()) - base,
                Figures.median(withArchive.stream().map(Launch::health).toList()) - base);
        if (data == null) {
            deleteTree(work);
        } else {
            deleteTree(work.resolve("cds"));
        }
    }

    private static boolean hasArchive(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".jsa"));
        }
    }

    private static void print(String what, List<Double> xs) {
        System.out.println(Figures.row(what, secs(Figures.median(xs)), secs(Figures.best(xs)),
                secs(xs.stream().mapToDouble(Double::doubleValue).max().orElseThrow())));
    }

    private static String secs(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }

    /**
     * Launches {@code command} (with {@code environment} added), waits for its "is serving" line, then
     * asks /health until it answers 200; then stops it with SIGTERM and waits for it to end. The
     * seconds of that stop go to {@code stopSeconds[0]} when it is given.
     */
    private static Launch launch(List<String> command, Map<String, String> environment, double[] stopSeconds)
            throws Exception {
        var builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().putAll(environment);
        long t0 = System.nanoTime();
        Process p = builder.start();
        try (var out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher serving = SERVING.matcher(line);
                if (serving.find()) {
                    double servingSeconds = (System.nanoTime() - t0) / 1e9;
                    awaitHealth(Integer.parseInt(serving.group(1)));
                    double healthSeconds = (System.nanoTime() - t0) / 1e9;
                    long stop = System.nanoTime();
                    p.toHandle().destroy(); // SIGTERM, leaving stdout open for the launcher
                    if (!p.waitFor(5, TimeUnit.MINUTES)) {
                        p.destroyForcibly();
                    }
                    if (stopSeconds != null) {
                        stopSeconds[0] = (System.nanoTime() - stop) / 1e9;
                    }
                    return new Launch(servingSeconds, healthSeconds);
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

    /** Asks GET /health until it answers 200; a refused or failed request is asked again 5 ms later. */
    private static void awaitHealth(int port) throws Exception {
        var url = new URL("http://127.0.0.1:" + port + "/health");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (true) {
            try {
                var connection = (HttpURLConnection) url.openConnection();
                connection.setConnectTimeout(10_000);
                connection.setReadTimeout(60_000);
                int status = connection.getResponseCode();
                try (var body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                    if (body != null) {
                        body.readAllBytes();
                    }
                }
                if (status == 200) {
                    return;
                }
            } catch (IOException e) {
                // not answering yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/health on port " + port + " did not answer 200 within 2 minutes");
            }
            Thread.sleep(5);
        }
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
