package dev.stowage.bench;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.WorkJobsUseCase;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.application.worker.WorkerOptions;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UlidSequence;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * The queue's three figures, each beside raw SQLite doing the same statements over plain JDBC in
 * the same run (WAL, the same {@code synchronous} setting, one job at a time, each statement its own
 * transaction, as an application would write them by hand):
 * <ol>
 *   <li>end-to-end no-op jobs per second through the in-process worker runtime, batch-enqueued;</li>
 *   <li>single-job enqueues per second from 16 producer threads;</li>
 *   <li>enqueue-to-start latency (p50, p99) on an idle worker.</li>
 * </ol>
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar queue [--jobs 100000] [--enqueues 50000]
 *      [--latency-samples 2000] [--max-concurrency 1000] [--threads 8] [--dir target/bench-queue]
 *      [--synchronous NORMAL|FULL] [--figures a,b,c]
 * </pre>
 *
 * <p>(b) has two raw baselines. The fair one inserts the row Stowage stores (the same 20 columns, a
 * ULID id) into a table made by Stowage's own migrations, so the same indexes and checks, with
 * Stowage's pragmas: what group commit is measured against. The bare one inserts 8 columns into a
 * table with an integer key and one index, as the earlier rounds did; it is kept so their figures
 * can still be compared, and it does about a quarter of the b-tree work per row.
 *
 * <p>{@code --synchronous FULL} makes every commit wait for the disk, on both sides: that is where
 * group commit (one fsync for many callers) is meant to win by a multiple.
 */
final class QueueBench implements Bench.Benchmark {
    private static final QueueName QUEUE = new QueueName("bench");
    private static final JobType NOOP = new JobType("noop");
    private static final int PRODUCERS = 16;
    /** The {@code synchronous} setting of this run, for Stowage's database as for the raw one. */
    private static String SYNCHRONOUS = "NORMAL";

    @Override
    public String description() {
        return "jobs/s end to end, enqueues/s from 16 threads, enqueue-to-start latency vs raw SQLite";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "100000"));
        int enqueues = Integer.parseInt(opts.getOrDefault("--enqueues", "50000"));
        int samples = Integer.parseInt(opts.getOrDefault("--latency-samples", "2000"));
        // (a)'s runtime: the queue may hold this many jobs at once, run on this many threads (0: one per job)
        int maxConcurrency = Integer.parseInt(opts.getOrDefault("--max-concurrency", "1000"));
        int threads = Integer.parseInt(opts.getOrDefault("--threads", "8"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-queue")).toAbsolutePath();
        String synchronous = opts.getOrDefault("--synchronous", "NORMAL").toUpperCase(Locale.ROOT);
        if (!synchronous.equals("NORMAL") && !synchronous.equals("FULL")) {
            throw new IllegalArgumentException("--synchronous must be NORMAL or FULL, not " + synchronous);
        }
        Set<String> figures = Set.of(opts.getOrDefault("--figures", "a,b,c").toLowerCase(Locale.ROOT).split(","));
        if (!Set.of("a", "b", "c").containsAll(figures)) {
            throw new IllegalArgumentException("--figures takes a comma-separated list of a, b and c, not " + figures);
        }
        SYNCHRONOUS = synchronous;
        RawSqlite.synchronous = synchronous;
        DocumentsBench.deleteTree(dir);
        Files.createDirectories(dir);
        System.out.printf(Locale.ROOT, "queue: %d jobs end to end, %d single enqueues from %d threads, %d latency samples; "
                + "synchronous=%s on both sides; %d cores%n",
                jobs, enqueues, PRODUCERS, samples, synchronous, Runtime.getRuntime().availableProcessors());
        // the raw baselines commit once per statement and checkpoint on the committing connection, so
        // they follow the disk's sync latency and the cost of a system call far more than Stowage does:
        // printed so that runs taken in different phases of the machine can be told apart
        System.out.printf(Locale.ROOT, "  disk: fdatasync of 4 KiB, median of 100: %.3f ms; load average %.2f%n",
                syncMillis(dir.resolve("sync-probe.bin")), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.println(Figures.row("", "Stowage", "raw SQLite", "ratio"));

        if (figures.contains("a")) {
            System.out.printf(Locale.ROOT, "  (a) runs with the queue's max concurrency %d and %s%n", maxConcurrency,
                    threads == WorkerOptions.THREAD_PER_JOB ? "a thread per held job" : threads + " handler threads");
            // a first, unmeasured pass compiles the hot paths, as JMH's warm-up iterations do
            endToEnd(dir.resolve("e2e-warmup"), Math.min(jobs, 20_000), maxConcurrency, threads);
            double e2e = endToEnd(dir.resolve("e2e"), jobs, maxConcurrency, threads);
            double e2eRaw = RawSqlite.endToEnd(dir.resolve("raw-e2e.db"), Math.min(jobs, 50_000));
            System.out.println(Figures.row("(a) no-op jobs/s, batch enqueue + runtime", Figures.f1(e2e),
                    Figures.f1(e2eRaw), Figures.pct(e2e / e2eRaw)));
        }

        if (figures.contains("b")) {
            Rate prod = producers(dir.resolve("producers"), enqueues);
            Rate prodRaw = RawSqlite.producersOnStowageSchema(dir.resolve("raw-producers-schema"), enqueues);
            Rate prodBare = RawSqlite.producers(dir.resolve("raw-producers.db"), enqueues);
            System.out.println(Figures.row("(b) single enqueues/s, 16 threads", Figures.f1(prod.perSecond()),
                    Figures.f1(prodRaw.perSecond()), Figures.pct(prod.perSecond() / prodRaw.perSecond())));
            System.out.println(Figures.row("(b) against raw on a bare table (earlier rounds)",
                    Figures.f1(prod.perSecond()), Figures.f1(prodBare.perSecond()),
                    Figures.pct(prod.perSecond() / prodBare.perSecond())));
            System.out.println(Figures.row("(b) process CPU us per enqueue (bare: "
                            + Figures.f1(prodBare.cpuMicrosEach()) + ")", Figures.f1(prod.cpuMicrosEach()),
                    Figures.f1(prodRaw.cpuMicrosEach()), Figures.pct(prod.cpuMicrosEach() / prodRaw.cpuMicrosEach())));
        }

        if (figures.contains("c")) {
            double[] lat = latency(dir.resolve("latency"), samples);
            double[] rawLat = RawSqlite.insertLatency(dir.resolve("raw-latency.db"), samples);
            System.out.println(Figures.row("(c) enqueue-to-start p50 ms", String.format(Locale.ROOT, "%.3f", lat[0]),
                    String.format(Locale.ROOT, "%.3f", rawLat[0]), "insert"));
            System.out.println(Figures.row("(c) enqueue-to-start p99 ms", String.format(Locale.ROOT, "%.3f", lat[1]),
                    String.format(Locale.ROOT, "%.3f", rawLat[1]), "insert"));
            System.out.println("  (c)'s baseline is the commit latency of one raw INSERT: the floor under any enqueue.");
        }
        DocumentsBench.deleteTree(dir);
    }

    /**
     * A (b) figure: calls per second, and the CPU the whole process spent per call. CPU time barely
     * moves with what else runs on the machine, where the rate does, so it compares runs taken in
     * different phases of a shared machine.
     */
    record Rate(double perSecond, double cpuMicrosEach) {
    }

    /** What one of (b)'s 16 producer threads does: call once for each {@code more()} that says yes. */
    @FunctionalInterface
    interface Producer {
        void run(BooleanSupplier more) throws Exception;
    }

    /** Runs {@code producer} on 16 threads until they have made {@code total} calls between them. */
    static Rate sixteenProducers(int total, Producer producer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(PRODUCERS);
        var counter = new AtomicLong();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < PRODUCERS; t++) {
            futures.add(pool.submit(() -> {
                producer.run(() -> counter.incrementAndGet() <= total);
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow(); // a failed run must not leave threads that keep the JVM up
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Rate(total / seconds, (processCpuNanos() - cpu0) / 1e3 / total);
    }

    /** The median time to write 4 KiB into a file and {@code fdatasync} it, in milliseconds. */
    static double syncMillis(Path file) throws IOException {
        double[] ms = new double[100];
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            ByteBuffer page = ByteBuffer.allocate(4096);
            for (int i = 0; i < ms.length; i++) {
                page.clear();
                long t0 = System.nanoTime();
                channel.write(page, (long) (i % 16) * page.capacity());
                channel.force(false);
                ms[i] = (System.nanoTime() - t0) / 1e6;
            }
        }
        Files.delete(file);
        Arrays.sort(ms);
        return ms[ms.length / 2];
    }

    /** CPU time this process has used so far, every thread together. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time of the live thread named {@code name}, or -1 when there is none. */
    static long threadCpuNanos(String name) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return threads.getThreadCpuTime(t.getId());
            }
        }
        return -1;
    }

    private static StowageConfig config(Path dataDir) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        overrides.put("stowage.database.synchronous", SYNCHRONOUS);
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }

    /**
     * (a): with the runtime started and idle, enqueue everything in batches of 1,000; a no-op handler
     * runs each job, and the clock stops once every job is recorded complete.
     */
    private static double endToEnd(Path dataDir, int jobs, int maxConcurrency, int threads) throws Exception {
        try (Stowage s = Stowage.tools(config(dataDir))) {
            s.start();
            var admin = s.instance(AdministerQueuesUseCase.class);
            admin.updateSettings(new QueueSettings(QUEUE, false, maxConcurrency, 1, QueueSettings.defaults(QUEUE).backoff(),
                    Duration.ofSeconds(30)));
            var enqueue = s.instance(EnqueueJobsUseCase.class);
            var done = new CountDownLatch(jobs);
            var runtime = new WorkerRuntime(s.instance(WorkJobsUseCase.class), admin, s.instance(WorkSignal.class),
                    WorkerOptions.defaults(new WorkerId("bench")).withThreads(threads));
            runtime.register(QUEUE, NOOP, ctx -> {
                done.countDown();
                return Optional.empty();
            });
            runtime.start(); // idle workers waiting, as in a running service; they start on the first commit
            long t0 = System.nanoTime();
            var batch = new ArrayList<EnqueueCommand>(1000);
            var payload = JsonText.of("{\"n\":1}");
            for (int i = 0; i < jobs; i++) {
                batch.add(EnqueueCommand.of(QUEUE, NOOP, payload));
                if (batch.size() == 1000 || i == jobs - 1) {
                    enqueue.enqueueBatch(batch);
                    batch.clear();
                }
            }
            if (!done.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("jobs did not finish: " + done.getCount() + " left");
            }
            var manage = s.instance(ManageJobsUseCase.class);
            while (manage.stats(Optional.of(QUEUE), Duration.ofDays(1)).countsByState().get(JobState.COMPLETED) < jobs) {
                Thread.sleep(1);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            runtime.stop();
            return jobs / seconds;
        }
    }

    /** (b): 16 threads, each enqueueing one job per call. */
    private static Rate producers(Path dataDir, int total) throws Exception {
        try (Stowage s = Stowage.tools(config(dataDir))) {
            s.start();
            var enqueue = s.instance(EnqueueJobsUseCase.class);
            var payload = JsonText.of("{\"n\":1}");
            enqueue.enqueue(EnqueueCommand.of(QUEUE, NOOP, payload)); // warm the statement caches
            var meters = s.instance(MeterRegistry.class);
            double commitsBefore = meters.get("stowage.sqlite.commits").counter().count();
            double busyBefore = meters.get("stowage.sqlite.write.transaction").timer().totalTime(TimeUnit.SECONDS);
            long writerCpuBefore = threadCpuNanos("stowage-sqlite-writer");
            Rate rate = sixteenProducers(total, more -> {
                while (more.getAsBoolean()) {
                    enqueue.enqueue(EnqueueCommand.of(QUEUE, NOOP, payload));
                }
            });
            double seconds = total / rate.perSecond();
            double writerCpuMicrosEach = (threadCpuNanos("stowage-sqlite-writer") - writerCpuBefore) / 1e3 / total;
            // how the writer spent the run: few callers per transaction, or a writer mostly idle, each
            // points to a different cost (the per-caller work, or the hand-off to the writer and back)
            double transactions = meters.get("stowage.sqlite.commits").counter().count() - commitsBefore;
            double busySeconds = meters.get("stowage.sqlite.write.transaction").timer().totalTime(TimeUnit.SECONDS)
                    - busyBefore;
            System.out.printf(Locale.ROOT, "  (b) writer: %.0f transactions, %.1f callers each, %.1f us each,"
                    + " in a transaction %.0f%% of the run, CPU %.1f us per enqueue%n", transactions, total / transactions,
                    busySeconds * 1e6 / transactions, 100 * busySeconds / seconds, writerCpuMicrosEach);
            return rate;
        }
    }

    /** (c): one job at a time into an idle runtime; time from the enqueue call to the handler's start. */
    private static double[] latency(Path dataDir, int samples) throws Exception {
        try (Stowage s = Stowage.tools(config(dataDir))) {
            s.start();
            var enqueue = s.instance(EnqueueJobsUseCase.class);
            // the handler stamps its start; this thread waits parked, leaving both cores to the queue
            var started = new ConcurrentHashMap<String, Long>();
            var startedSignal = new Semaphore(0);
            var runtime = new WorkerRuntime(s.instance(WorkJobsUseCase.class), s.instance(AdministerQueuesUseCase.class),
                    s.instance(WorkSignal.class), WorkerOptions.defaults(new WorkerId("bench")));
            runtime.register(QUEUE, NOOP, ctx -> {
                started.put(ctx.job().id().value(), System.nanoTime());
                startedSignal.release();
                return Optional.empty();
            });
            runtime.start();
            var payload = JsonText.of("{}");
            double[] ms = new double[samples];
            int warmup = Math.min(200, samples);
            for (int i = -warmup; i < samples; i++) {
                long t0 = System.nanoTime();
                String id = enqueue.enqueue(EnqueueCommand.of(QUEUE, NOOP, payload)).job().id().value();
                if (!startedSignal.tryAcquire(1, TimeUnit.MINUTES)) {
                    throw new IllegalStateException("job " + id + " did not start");
                }
                long t1 = started.get(id);
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
                Thread.sleep(1); // let the worker go idle again, as the figure is about an idle worker
            }
            runtime.stop();
            Arrays.sort(ms);
            return new double[] {ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1]};
        }
    }

    /** The same statements by hand over plain JDBC, one job at a time, each its own transaction. */
    static final class RawSqlite {
        static String synchronous = "NORMAL";

        private RawSqlite() {
        }

        static Connection open(Path file) throws Exception {
            Files.createDirectories(file.getParent());
            Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=" + synchronous);
                // as long as the fair baseline's: under synchronous=FULL one of 16 connections waited
                // past 10 s for the unfair lock on 2026-12-06 and ended the run with SQLITE_BUSY
                s.execute("PRAGMA busy_timeout=60000");
                s.execute("CREATE TABLE IF NOT EXISTS jobs (id INTEGER PRIMARY KEY, queue TEXT NOT NULL, type TEXT NOT NULL,"
                        + " payload TEXT NOT NULL, priority INTEGER NOT NULL, state TEXT NOT NULL, run_at INTEGER NOT NULL,"
                        + " lease_owner TEXT, lease_expires INTEGER, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL,"
                        + " finished_at INTEGER)");
                s.execute("CREATE INDEX IF NOT EXISTS jobs_claim ON jobs(queue, priority DESC, id) WHERE state = 'PENDING'");
            }
            return c;
        }

        static final String INSERT = "INSERT INTO jobs(queue, type, payload, priority, state, run_at, attempts, created_at)"
                + " VALUES (?, ?, ?, 0, 'PENDING', ?, 0, ?)";
        static final String CLAIM = "UPDATE jobs SET state = 'RUNNING', lease_owner = ?, lease_expires = ?, attempts = attempts + 1"
                + " WHERE id = (SELECT id FROM jobs WHERE queue = ? AND state = 'PENDING' AND run_at <= ?"
                + " ORDER BY priority DESC, id LIMIT 1) RETURNING id";
        static final String COMPLETE = "UPDATE jobs SET state = 'COMPLETED', finished_at = ?, lease_owner = NULL"
                + " WHERE id = ? AND state = 'RUNNING' AND lease_owner = ?";

        static double endToEnd(Path file, int jobs) throws Exception {
            try (Connection c = open(file);
                 PreparedStatement ins = c.prepareStatement(INSERT);
                 PreparedStatement claim = c.prepareStatement(CLAIM);
                 PreparedStatement complete = c.prepareStatement(COMPLETE)) {
                long t0 = System.nanoTime();
                for (int i = 0; i < jobs; i++) {
                    long now = System.currentTimeMillis();
                    insert(ins, now);
                    claim.setString(1, "w");
                    claim.setLong(2, now + 30_000);
                    claim.setString(3, "bench");
                    claim.setLong(4, now);
                    long id;
                    try (ResultSet rs = claim.executeQuery()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                    complete.setLong(1, now);
                    complete.setLong(2, id);
                    complete.setString(3, "w");
                    complete.executeUpdate();
                }
                return jobs / ((System.nanoTime() - t0) / 1e9);
            }
        }

        static Rate producers(Path file, int total) throws Exception {
            try (Connection setup = open(file)) {
                setup.isValid(1);
            }
            return sixteenProducers(total, more -> {
                try (Connection c = open(file); PreparedStatement ins = c.prepareStatement(INSERT)) {
                    while (more.getAsBoolean()) {
                        insert(ins, System.currentTimeMillis());
                    }
                }
            });
        }

        /** The row Stowage stores for a new job: all 20 columns, with the values Stowage stores. */
        static final String INSERT_STOWAGE_ROW = "INSERT INTO jobs (id, queue, type, payload, priority, state, attempts,"
                + " max_attempts, run_at, progress_pct, progress_msg, cancel_requested, result, last_error, created_at,"
                + " started_at, finished_at, estimated_duration, dedup_key, external_ref)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

        /**
         * (b)'s fair baseline: 16 threads, each on its own connection, inserting the row Stowage
         * stores into the table Stowage's migrations make (its key, indexes and checks), with the
         * pragmas of Stowage's writer connection, each insert its own transaction. Only the WAL
         * checkpoint is left as an application gets it: SQLite's own, on the committing connection.
         */
        static Rate producersOnStowageSchema(Path dataDir, int total) throws Exception {
            try (Stowage s = Stowage.tools(config(dataDir))) {
                s.start(); // migrates an empty database to the current schema, then closes it
            }
            String url = "jdbc:sqlite:" + dataDir.resolve("stowage.db");
            var ids = new UlidSequence(java.time.Clock.systemUTC());
            return sixteenProducers(total, more -> {
                try (Connection c = DriverManager.getConnection(url)) {
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA journal_mode=WAL");
                        st.execute("PRAGMA synchronous=" + synchronous);
                        // longer than Stowage's 5 s: the lock is not fair, and on a busy machine one of
                        // 16 connections can wait that long for its turn, which would end the run
                        st.execute("PRAGMA busy_timeout=60000");
                        st.execute("PRAGMA foreign_keys=ON");
                        st.execute("PRAGMA temp_store=MEMORY");
                        st.execute("PRAGMA cache_size=-16384");
                        st.execute("PRAGMA journal_size_limit=67108864");
                    }
                    try (PreparedStatement ins = c.prepareStatement(INSERT_STOWAGE_ROW)) {
                        while (more.getAsBoolean()) {
                            long micros = Math.multiplyExact(System.currentTimeMillis(), 1000L);
                            ins.setString(1, ids.next());
                            ins.setString(2, "bench");
                            ins.setString(3, "noop");
                            ins.setString(4, "{\"n\":1}");
                            ins.setLong(5, 0);
                            ins.setString(6, "PENDING");
                            ins.setLong(7, 0);
                            ins.setLong(8, 3);
                            ins.setLong(9, micros);
                            ins.setLong(10, 0);
                            ins.setString(11, "");
                            ins.setLong(12, 0);
                            for (int i = 13; i <= 14; i++) {
                                ins.setNull(i, java.sql.Types.NULL);
                            }
                            ins.setLong(15, micros);
                            for (int i = 16; i <= 20; i++) {
                                ins.setNull(i, java.sql.Types.NULL);
                            }
                            ins.executeUpdate();
                        }
                    }
                }
            });
        }

        static double[] insertLatency(Path file, int samples) throws Exception {
            try (Connection c = open(file); PreparedStatement ins = c.prepareStatement(INSERT)) {
                double[] ms = new double[samples];
                for (int i = -Math.min(200, samples); i < samples; i++) {
                    long t0 = System.nanoTime();
                    insert(ins, System.currentTimeMillis());
                    if (i >= 0) {
                        ms[i] = (System.nanoTime() - t0) / 1e6;
                    }
                }
                Arrays.sort(ms);
                return new double[] {ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1]};
            }
        }

        private static void insert(PreparedStatement ins, long now) throws Exception {
            ins.setString(1, "bench");
            ins.setString(2, "noop");
            ins.setString(3, "{\"n\":1}");
            ins.setLong(4, now);
            ins.setLong(5, now);
            ins.executeUpdate();
        }
    }
}
