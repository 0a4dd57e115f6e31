package dev.stowage.bench;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.domain.token.TokenScopes;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The web console's server side under load, on the real service ({@link Stowage#service}) over a
 * fresh data folder and loopback HTTP:
 *
 * <ol>
 *   <li>a bulk retry ({@code POST /api/v1/jobs/bulk}, by filter) of {@code --jobs} failed jobs,
 *       beside the floor: one raw SQLite {@code UPDATE} doing the same state change to the same
 *       jobs (failed again in between) over JDBC;</li>
 *   <li>the queue's throughput (enqueue, claim and complete in batches of 100, in process) for
 *       {@code --seconds}, with {@code --streams} open event streams ({@code GET /api/v1/events},
 *       each read by a client thread) beside the same without any, alternated.</li>
 * </ol>
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar console [--jobs 10000] [--streams 50] [--seconds 10]
 *      [--runs 3] [--dir target/bench-console]
 * </pre>
 */
final class ConsoleBench implements Bench.Benchmark {
    private static final QueueName BULK = new QueueName("bulk");
    private static final QueueName FLOW = new QueueName("flow");
    private static final double BULK_GOAL_SECONDS = 10;

    @Override
    public String description() {
        return "console API: bulk retry of N failed jobs vs one raw UPDATE; throughput with 50 event streams vs none";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "10000"));
        int streams = Integer.parseInt(opts.getOrDefault("--streams", "50"));
        int seconds = Integer.parseInt(opts.getOrDefault("--seconds", "10"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-console")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "console: %d failed jobs, %d streams, %d s per throughput run, %d runs; %d cores, %s%n",
                jobs, streams, seconds, runs, Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.vm.name") + " " + Runtime.version());
        System.out.println("load average at start: " + Files.readString(Path.of("/proc/loadavg")).strip());

        Path data = dir.resolve("data");
        try (Stowage stowage = Stowage.service(configFor(data))) {
            stowage.start();
            String base = "http://127.0.0.1:" + stowage.httpPort();
            String root = stowage.instance(ManageTokensUseCase.class)
                    .issue(new UserId("bench"), true, TokenScopes.none(), "console bench").secret();
            HttpClient http = HttpClient.newHttpClient();
            EnqueueJobsUseCase enqueue = stowage.instance(EnqueueJobsUseCase.class);
            WorkJobsUseCase work = stowage.instance(WorkJobsUseCase.class);
            String jdbc = "jdbc:sqlite:" + data.resolve("stowage.db");

            System.out.println(Figures.row("", "Stowage", "baseline", "ratio"));
            var bulk = new ArrayList<Double>();
            var raw = new ArrayList<Double>();
            for (int i = 0; i < runs; i++) {
                failAll(enqueue, work, jobs, i == 0);
                String body = "{\"action\":\"retry\",\"filter\":{\"queue\":\"bulk\",\"state\":\"failed\"}}";
                bulk.addAll(Figures.time(1, () -> {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/bulk"))
                            .header("Authorization", "Bearer " + root).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200 || !r.body().contains("\"changed\":" + jobs + ",")) {
                        throw new IllegalStateException("bulk retry answered " + r.statusCode() + " " + r.body());
                    }
                }));
                failAll(enqueue, work, jobs, false);
                raw.addAll(Figures.time(1, () -> rawRetry(jdbc, jobs)));
            }
            double b = Figures.median(bulk);
            double r = Figures.median(raw);
            System.out.println(Figures.row("bulk retry of " + jobs + " failed jobs (median s)", String.format(Locale.ROOT, "%.3f", b),
                    String.format(Locale.ROOT, "%.3f raw UPDATE", r), Figures.pct(b / r)));
            System.out.printf(Locale.ROOT, "  goal under %.0f s: %s%n", BULK_GOAL_SECONDS,
                    b < BULK_GOAL_SECONDS ? "met" : "MISSED");

            var without = new ArrayList<Double>();
            var with = new ArrayList<Double>();
            long events = 0;
            for (int i = 0; i < runs; i++) {
                without.add(throughput(enqueue, work, seconds));
                try (var open = new Streams(http, base, root, streams)) {
                    with.add(throughput(enqueue, work, seconds));
                    events += open.events.get();
                }
            }
            double w = Figures.median(with);
            double wo = Figures.median(without);
            System.out.println(Figures.row("jobs/s with " + streams + " event streams (median)", Figures.f1(w),
                    Figures.f1(wo) + " without", Figures.pct(w / wo)));
            System.out.printf(Locale.ROOT, "  events read by the streams: %d%n", events);
        }
        System.out.println("load average at end: " + Files.readString(Path.of("/proc/loadavg")).strip());
        DocumentsBench.deleteTree(dir);
    }

    /** Brings {@code count} jobs of the bulk queue to FAILED: enqueued once, then claimed and failed. */
    private static void failAll(EnqueueJobsUseCase enqueue, WorkJobsUseCase work, int count, boolean create)
            throws InterruptedException {
        if (create) {
            var batch = new ArrayList<EnqueueCommand>();
            for (int i = 0; i < count; i++) {
                batch.add(EnqueueCommand.of(BULK, new JobType("mail"), JsonText.of("{\"n\":" + i + "}")).withMaxAttempts(1));
                if (batch.size() == 1000 || i == count - 1) {
                    enqueue.enqueueBatch(batch);
                    batch.clear();
                }
            }
        }
        int failed = 0;
        while (failed < count) {
            List<Job> claimed = work.claim(BULK, new WorkerId("bench"), WorkJobsUseCase.MAX_CLAIM, Optional.empty(),
                    Duration.ZERO);
            if (claimed.isEmpty()) {
                throw new IllegalStateException("only " + failed + " of " + count + " jobs could be claimed");
            }
            for (Job j : claimed) {
                work.fail(j.id(), j.lease().orElseThrow().id(), "bench");
                failed++;
            }
        }
    }

    /** The floor: the same state change as a retry, as one statement. */
    private static void rawRetry(String jdbc, int expected) throws Exception {
        try (var c = DriverManager.getConnection(jdbc);
             var s = c.prepareStatement("UPDATE jobs SET state = 'PENDING', attempts = 0, cancel_requested = 0,"
                     + " result = NULL, finished_at = NULL, run_at = ? WHERE queue = 'bulk' AND state = 'FAILED'")) {
            c.createStatement().execute("PRAGMA busy_timeout = 10000");
            s.setLong(1, System.currentTimeMillis() * 1000);
            int n = s.executeUpdate();
            if (n != expected) {
                throw new IllegalStateException("the raw update changed " + n + " jobs, not " + expected);
            }
        }
    }

    /** Jobs enqueued, claimed and completed per second, in batches of 100, for {@code seconds}. */
    private static double throughput(EnqueueJobsUseCase enqueue, WorkJobsUseCase work, int seconds)
            throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        long start = System.nanoTime();
        long done = 0;
        var batch = new ArrayList<EnqueueCommand>(100);
        for (int i = 0; i < 100; i++) {
            batch.add(EnqueueCommand.of(FLOW, new JobType("t"), JsonText.of("{\"n\":" + i + "}")));
        }
        while (System.nanoTime() < end) {
            enqueue.enqueueBatch(batch);
            List<Job> claimed = work.claim(FLOW, new WorkerId("bench"), 100, Optional.empty(), Duration.ZERO);
            var completions = new ArrayList<Completion>(claimed.size());
            for (Job j : claimed) {
                completions.add(new Completion(j.id(), j.lease().orElseThrow().id(), Optional.empty()));
            }
            work.completeAll(completions);
            done += completions.size();
        }
        return done / ((System.nanoTime() - start) / 1e9);
    }

    /** Open event streams, each read to the end by a thread of its own, as consoles in open tabs. */
    private static final class Streams implements AutoCloseable {
        final AtomicLong events = new AtomicLong();
        private final List<InputStream> bodies = new ArrayList<>();
        private final List<Thread> readers = new ArrayList<>();

        Streams(HttpClient http, String base, String token, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                        .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("event stream answered " + r.statusCode());
                }
                InputStream body = r.body();
                bodies.add(body);
                Thread t = new Thread(() -> read(body), "bench-stream-" + i);
                t.setDaemon(true);
                t.start();
                readers.add(t);
            }
        }

        private void read(InputStream body) {
            var buffer = new byte[8192];
            try {
                int n;
                while ((n = body.read(buffer)) != -1) {
                    for (int i = 0; i + 6 < n; i++) {
                        if (buffer[i] == '\n' && buffer[i + 1] == 'e' && buffer[i + 2] == 'v' && buffer[i + 5] == 't') {
                            events.incrementAndGet();
                        }
                    }
                }
            } catch (java.io.IOException closed) {
                // closed by close(): the run is over
            }
        }

        @Override
        public void close() throws Exception {
            for (InputStream b : bodies) {
                b.close();
            }
            for (Thread t : readers) {
                t.join(5000);
            }
        }
    }

    private static StowageConfig configFor(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.http.port", "0");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }
}
