package dev.stowage.bench;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.token.TokenScopes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web console's first page render of the jobs screen with many jobs in the store, in headless
 * Chromium (Debian's, driven by playwright-core from {@code e2e/}; {@code .ci/install-test-deps}
 * installs both): a fresh load onto the screen, a switch to it, and a switch to a filtered list,
 * each until its 50 rows are in the DOM, beside the bare fetch of the same API page from the same
 * page and from the JDK's client. The difference is what the console itself costs.
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar console-render [--jobs 100000] [--runs 5] [--e2e e2e] [--chromium /usr/bin/chromium] [--dir target/bench-console]
 * </pre>
 */
final class ConsoleRenderBench implements Bench.Benchmark {
    private static final int QUEUES = 4;
    private static final int BATCH = 1000;

    @Override
    public String description() {
        return "web console: first render of the jobs screen in Chromium vs the bare API page";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "100000"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "5"));
        Path e2e = Path.of(opts.getOrDefault("--e2e", "e2e")).toAbsolutePath();
        String chromium = opts.getOrDefault("--chromium", "/usr/bin/chromium");
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-console")).toAbsolutePath();
        if (!Files.isDirectory(e2e.resolve("node_modules/playwright-core"))) {
            throw new IllegalStateException("no playwright-core in " + e2e + ": run .ci/install-test-deps first");
        }
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);

        try (Stowage stowage = Stowage.builder().dataDir(dir.resolve("data")).set("stowage.http.port", "0").withHttp().build()) {
            stowage.start();
            long t0 = System.nanoTime();
            fill(stowage, jobs);
            System.out.printf(Locale.ROOT, "console: %d jobs in %d queues (filled in %.1f s), %d runs, %s%n", jobs, QUEUES,
                    (System.nanoTime() - t0) / 1e9, runs, System.getProperty("java.vm.name") + " " + Runtime.version());
            String token = stowage.instance(ManageTokensUseCase.class)
                    .issue(new UserId("bench"), true, TokenScopes.none(), "console render bench").secret();
            String origin = "http://127.0.0.1:" + stowage.httpPort();

            List<Double> jdk = Figures.time(runs, () -> {
                HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(origin + "/api/v1/jobs?limit=50"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("GET /api/v1/jobs answered " + r.statusCode());
                }
            });
            String out = node(e2e, List.of("node", "console-bench.js", origin, token, chromium, Integer.toString(runs), "q1"));

            double fetch = median(out, "fetchMs");
            System.out.println(Figures.row("", "console (ms)", "bare fetch (ms)", "ratio"));
            for (String[] row : List.of(new String[] {"coldMs", "fresh page load to 50 rows"},
                    new String[] {"hashMs", "switch to the jobs screen to 50 rows"},
                    new String[] {"filteredMs", "switch to a filtered list (one queue)"})) {
                double ms = median(out, row[0]);
                System.out.println(Figures.row(row[1], Figures.f1(ms), Figures.f1(fetch), String.format(Locale.ROOT, "%.1fx", ms / fetch)));
            }
            System.out.println(Figures.row("JDK client GET of the same page", Figures.f1(Figures.median(jdk) * 1000), "", ""));
        }
        DocumentsBench.deleteTree(dir);
    }

    /** {@code jobs} pending jobs over {@value #QUEUES} queues and three types, in batches. */
    private static void fill(Stowage stowage, int jobs) {
        String[] types = {"resize", "mail", "report"};
        for (int done = 0; done < jobs; ) {
            int n = Math.min(BATCH, jobs - done);
            var commands = new ArrayList<EnqueueCommand>(n);
            for (int i = 0; i < n; i++) {
                int k = done + i;
                commands.add(new EnqueueCommand(new QueueName("q" + (k % QUEUES)), new JobType(types[k % types.length]),
                        JsonText.of("{\"n\":" + k + ",\"note\":\"job number " + k + " of the console benchmark\"}"),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
            }
            stowage.queue().enqueueAll(commands);
            done += n;
        }
    }

    private static String node(Path dir, List<String> command) throws Exception {
        Path out = Files.createTempFile("console-bench", ".out");
        Path err = Files.createTempFile("console-bench", ".err");
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new IllegalStateException("console-bench.js did not end within 30 minutes");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("console-bench.js failed: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            String[] lines = Files.readString(out, StandardCharsets.UTF_8).strip().split("\n");
            return lines[lines.length - 1];
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The median of one array of milliseconds in the script's JSON line. */
    private static double median(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\[([^\\]]*)]").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        var values = new ArrayList<Double>();
        for (String v : m.group(1).split(",")) {
            values.add(Double.parseDouble(v.strip()));
        }
        return Figures.median(values);
    }
}
