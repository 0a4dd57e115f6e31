package dev.stowage.bench;

import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.bootstrap.Main;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.cli.Cli;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.testing.TestPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The job queue shared by three {@code stowage serve} processes on one embedded PostgreSQL (its
 * durable defaults, fsync on), beside one {@code serve} process on the same server, measured in the
 * same run. Each process runs {@link BenchJobsPlugin} in-process ({@code stowage.workers.queues},
 * {@code stowage.workers.threads}); jobs are enqueued over HTTP, as clients of a service would.
 * <ol>
 *   <li>end to end: one producer an instance enqueues its share in batches of 1,000 through its
 *       instance, and the instances' in-process workers run them, until every job is complete
 *       (counted in the database);</li>
 *   <li>enqueue-to-start p50 and p99: one job at a time, enqueued through each instance in turn,
 *       from the HTTP request's start to the handler's start (both by the machine's monotonic
 *       clock). With three instances any of them may start it: the one that took the enqueue
 *       (woken in the process) or another (woken by its {@code LISTEN} connection);</li>
 *   <li>three instances only: enqueue-to-start of a queue that the instance taking the enqueues
 *       does not serve, so that every start is a NOTIFY wake-up in another process; beside it the
 *       floor under any such wake-up, a raw INSERT + NOTIFY heard on a raw {@code LISTEN}
 *       connection (as in {@code pg-queue}).</li>
 * </ol>
 * Processes rather than three assemblies in one JVM: what three instances share is only the
 * database, and each brings its own JVM, connection pool, {@code LISTEN} connection and HTTP
 * server, as a deployment would.
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar pg-three [--jobs 100000] [--latency-samples 1000] [--threads 4]
 * </pre>
 */
final class PgThreeBench implements Bench.Benchmark {
    private static final Pattern SERVING = Pattern.compile("is serving http://127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern STARTED = Pattern.compile("\"started\":(\\d+)");
    private static final Pattern WORKER = Pattern.compile("\"worker\":\"([^\"]+)\"");
    private static final int ENQUEUE_BATCH = 1000;
    private static final Duration START = Duration.ofMinutes(3);

    @Override
    public String description() {
        return "PostgreSQL queue shared by 3 serve processes vs 1: jobs/s (HTTP enqueue, in-process workers) and enqueue-to-start";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "100000"));
        int samples = Integer.parseInt(opts.getOrDefault("--latency-samples", "1000"));
        int threads = Integer.parseInt(opts.getOrDefault("--threads", "4"));
        System.out.printf(Locale.ROOT, "pg-three: %d jobs end to end (HTTP enqueues of %d, %d worker threads an instance),"
                + " %d latency samples; %d cores%n", jobs, ENQUEUE_BATCH, threads, samples,
                Runtime.getRuntime().availableProcessors());
        Path work = Files.createTempDirectory("stowage-pg-three");
        TestPostgres server = TestPostgres.startDurable();
        try {
            double[] one;
            double[] three;
            Latencies far;
            try (Instances i = Instances.start(server, work.resolve("one"), 1, threads)) {
                one = measure(i, jobs, samples);
            }
            try (Instances i = Instances.start(server, work.resolve("three"), 3, threads)) {
                three = measure(i, jobs, samples);
                far = latency(i, BenchJobsPlugin.FAR_QUEUE, samples, n -> 0);
            }
            double[] floor = PgQueueBench.RawPg.notifyLatency(server, samples);

            System.out.println(Figures.row("", "3 instances", "1 instance", "ratio"));
            System.out.println(Figures.row("(a) jobs/s, HTTP enqueue + in-process run", Figures.f1(three[0]),
                    Figures.f1(one[0]), Figures.pct(three[0] / one[0])));
            System.out.println(Figures.row("(b) enqueue-to-start p50 ms", ms(three[1]), ms(one[1]), ""));
            System.out.println(Figures.row("(b) enqueue-to-start p99 ms", ms(three[2]), ms(one[2]), ""));
            System.out.printf(Locale.ROOT, "  (b) with 3 instances, %.0f%% of the jobs started on the instance that took"
                    + " the enqueue; with 1, all of them%n", three[3] * 100);
            System.out.println(Figures.row("", "3 instances", "raw NOTIFY", ""));
            System.out.println(Figures.row("(c) started in another process p50 ms", ms(far.p50()), ms(floor[0]), "notify"));
            System.out.println(Figures.row("(c) started in another process p99 ms", ms(far.p99()), ms(floor[1]), "notify"));
            System.out.println("  (c) enqueues through an instance that does not serve the queue; its baseline is a raw"
                    + " INSERT + NOTIFY heard on a raw LISTEN connection.");
            deleteTree(work); // kept after a failure: the processes' logs are there
        } finally {
            server.close();
        }
    }

    /** Throughput after a warm-up pass, then latency through each instance in turn: jobs/s, p50, p99, share local. */
    private static double[] measure(Instances instances, int jobs, int samples) throws Exception {
        throughput(instances, Math.min(jobs, 10_000)); // unmeasured: the processes' hot paths compile
        double perSecond = throughput(instances, jobs);
        Latencies any = latency(instances, BenchJobsPlugin.QUEUE, samples, n -> n % instances.ports.size());
        return new double[] {perSecond, any.p50(), any.p99(), any.local()};
    }

    private static double throughput(Instances instances, int jobs) throws Exception {
        int n = instances.ports.size();
        long before = instances.completed(BenchJobsPlugin.QUEUE);
        ExecutorService producers = Executors.newFixedThreadPool(n);
        try {
            long t0 = System.nanoTime();
            List<Future<?>> sent = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int instance = k;
                int share = jobs / n + (k < jobs % n ? 1 : 0);
                sent.add(producers.submit(() -> {
                    for (int from = 0; from < share; from += ENQUEUE_BATCH) {
                        instances.enqueue(instance, BenchJobsPlugin.QUEUE, Math.min(ENQUEUE_BATCH, share - from));
                    }
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get(30, TimeUnit.MINUTES);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
            while (instances.completed(BenchJobsPlugin.QUEUE) < before + jobs) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the jobs did not complete within 30 minutes; see " + instances.dir);
                }
                Thread.sleep(10);
            }
            return jobs / ((System.nanoTime() - t0) / 1e9);
        } finally {
            producers.shutdownNow();
        }
    }

    record Latencies(double p50, double p99, double local) {
    }

    /** One job at a time through instance {@code via(n)}: from the request's start to its handler's start. */
    private static Latencies latency(Instances instances, String queue, int samples, IntUnaryOperator via) throws Exception {
        double[] ms = new double[samples];
        int local = 0;
        int warmup = Math.min(100, samples);
        for (int i = -warmup; i < samples; i++) {
            int instance = via.applyAsInt(Math.max(i, 0));
            long t0 = System.nanoTime();
            String id = instances.enqueueOne(instance, queue);
            String result = instances.awaitResult(id);
            Matcher started = STARTED.matcher(result);
            Matcher worker = WORKER.matcher(result);
            if (!started.find() || !worker.find()) {
                throw new IllegalStateException("not a result of the bench's handler: " + result);
            }
            if (i >= 0) {
                ms[i] = (Long.parseLong(started.group(1)) - t0) / 1e6;
                local += worker.group(1).equals(Instances.name(instance)) ? 1 : 0;
            }
        }
        Arrays.sort(ms);
        return new Latencies(ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1], local / (double) samples);
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** {@code n} serve processes on one fresh database, each with the bench's handlers in-process. */
    private static final class Instances implements AutoCloseable {
        final Path dir;
        final TestPostgres server;
        final TestPostgres.Database db;
        final List<Process> processes = new ArrayList<>();
        final List<Integer> ports = new ArrayList<>();
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        final Connection sql;
        final String token;

        private Instances(Path dir, TestPostgres server, TestPostgres.Database db, String token) throws Exception {
            this.dir = dir;
            this.server = server;
            this.db = db;
            this.token = token;
            this.sql = db.connect();
        }

        static String name(int instance) {
            return "i" + instance;
        }

        /**
         * Every instance serves {@link BenchJobsPlugin#QUEUE}; with more than one, all but the first
         * also serve {@link BenchJobsPlugin#FAR_QUEUE}, whose enqueues go through the first.
         */
        static Instances start(TestPostgres server, Path dir, int n, int threads) throws Exception {
            Files.createDirectories(dir);
            TestPostgres.Database db = server.freshDatabase("bench_instances_" + n);
            // the schema, and queues that take every job at once and keep a lease past any pause
            Stowage schema = Stowage.postgresDatabase(new PostgresSettings(db.url(), db.user(), db.password(), 2,
                    Duration.ofSeconds(30), PostgresSettings.WakeUps.POLLING, true));
            try {
                schema.start();
                for (String q : List.of(BenchJobsPlugin.QUEUE, BenchJobsPlugin.FAR_QUEUE)) {
                    QueueName queue = new QueueName(q);
                    schema.instance(JobAdminStore.class).saveSettings(new QueueSettings(queue, false,
                            QueueSettings.MAX_CONCURRENCY_LIMIT, 1, QueueSettings.defaults(queue).backoff(),
                            Duration.ofMinutes(5)));
                }
            } finally {
                schema.stop();
            }
            Map<String, String> env = new HashMap<>();
            env.put("STOWAGE_DATABASE_BACKEND", "postgres");
            env.put("STOWAGE_DATABASE_POSTGRES_URL", db.url());
            env.put("STOWAGE_DATABASE_POSTGRES_USER", db.user());
            env.put("STOWAGE_DATABASE_POSTGRES_PASSWORD", db.password());
            env.put("STOWAGE_WORKERS_THREADS", Integer.toString(threads));
            Instances instances = new Instances(dir, server, db, adminToken(env, dir.resolve("cli")));
            try {
                for (int k = 0; k < n; k++) {
                    Map<String, String> own = new HashMap<>(env);
                    own.put("STOWAGE_WORKERS_NAME", name(k));
                    own.put("STOWAGE_WORKERS_QUEUES", k == 0 || n == 1 ? BenchJobsPlugin.QUEUE
                            : BenchJobsPlugin.QUEUE + "," + BenchJobsPlugin.FAR_QUEUE);
                    var launch = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                            "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                            "serve", "--data-dir", dir.resolve(name(k)).toString(), "--port", "0")
                            .redirectError(dir.resolve(name(k) + ".log").toFile());
                    launch.environment().putAll(own);
                    instances.processes.add(launch.start());
                }
                for (Process p : instances.processes) {
                    instances.ports.add(servingPort(p, dir));
                }
                return instances;
            } catch (Exception e) {
                instances.close();
                throw e;
            }
        }

        void enqueue(int instance, String queue, int count) throws Exception {
            StringBuilder body = new StringBuilder("{\"jobs\":[");
            for (int i = 0; i < count; i++) {
                body.append(i == 0 ? "" : ",").append("{\"type\":\"").append(BenchJobsPlugin.TYPE)
                        .append("\",\"payload\":{\"n\":").append(i).append("}}");
            }
            post(instance, "/api/v1/queues/" + queue + "/jobs", body.append("]}").toString());
        }

        String enqueueOne(int instance, String queue) throws Exception {
            String answer = post(instance, "/api/v1/queues/" + queue + "/jobs",
                    "{\"type\":\"" + BenchJobsPlugin.TYPE + "\",\"payload\":{}}");
            Matcher id = Pattern.compile("\"id\":\"([0-9A-Z]{26})\"").matcher(answer);
            if (!id.find()) {
                throw new IllegalStateException("no job id in " + answer);
            }
            return id.group(1);
        }

        private String post(int instance, String path, String body) throws Exception {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + ports.get(instance) + path))
                            .timeout(Duration.ofMinutes(1))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("enqueue answered " + answer.statusCode() + ": " + answer.body());
            }
            return answer.body();
        }

        long completed(String queue) throws Exception {
            try (PreparedStatement s = sql.prepareStatement(
                    "SELECT count(*) FROM jobs WHERE queue = ? AND state = 'COMPLETED'")) {
                s.setString(1, queue);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                    return r.getLong(1);
                }
            }
        }

        /** The job's result once it completed; looked for every 0.2 ms (the start time is the handler's own). */
        String awaitResult(String id) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            try (PreparedStatement s = sql.prepareStatement("SELECT result FROM jobs WHERE id = ? AND state = 'COMPLETED'")) {
                s.setString(1, id);
                while (System.nanoTime() < deadline) {
                    try (ResultSet r = s.executeQuery()) {
                        if (r.next()) {
                            return r.getString(1);
                        }
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
            throw new IllegalStateException("job " + id + " did not complete within a minute; see " + dir);
        }

        @Override
        public void close() throws Exception {
            processes.forEach(Process::destroy); // SIGTERM: each stops its workers and lets go of its leadership
            for (Process p : processes) {
                if (!p.waitFor(1, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                }
            }
            sql.close();
            server.drop(db.name());
        }

        private static int servingPort(Process p, Path dir) throws Exception {
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
                try {
                    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        Matcher m = SERVING.matcher(line);
                        if (m.find()) {
                            return Integer.parseInt(m.group(1));
                        }
                    }
                    throw new IllegalStateException("serve ended before serving; see the logs in " + dir);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            return port.get(START.toMillis(), TimeUnit.MILLISECONDS);
        }

        private static String adminToken(Map<String, String> env, Path dataDir) {
            var out = new StringWriter();
            var err = new StringWriter();
            int code = new Cli(env).run(new String[] {"token", "create", "--user", "bench", "--admin", "--data-dir",
                    dataDir.toString()}, new PrintWriter(out), new PrintWriter(err));
            if (code != 0) {
                throw new IllegalStateException("token create failed: " + err);
            }
            return out.toString().lines().findFirst().orElseThrow();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
