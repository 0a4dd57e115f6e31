package dev.stowage.bench;

import com.google.inject.AbstractModule;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.out.postgres.PostgresModule;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.JobWorkStore;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.port.out.QueueWakeUps;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.application.service.queue.EnqueueJobsService;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.queue.Completion;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.TestPostgres;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The job queue on PostgreSQL, on an embedded server with its durable defaults (fsync on) started
 * for the run, each figure beside a raw-JDBC baseline measured in the same run:
 * <ol>
 *   <li>end to end: one producer enqueues in batches of 1,000 while 4 worker threads claim in
 *       batches of 100 and complete each batch at once, until every job is complete; through
 *       Stowage's services and PostgreSQL adapter, against raw JDBC doing the same
 *       {@code FOR UPDATE SKIP LOCKED} batch claims and batch completions on a bare table;</li>
 *   <li>enqueue-to-start p50 and p99 with NOTIFY: a worker of one engine ("process A") waits in a
 *       claim while another engine ("process B") enqueues one job; the wait ends on A's
 *       {@code LISTEN} connection. The baseline is a raw INSERT + NOTIFY commit heard on a raw
 *       {@code LISTEN} connection: the floor under any wake-up through the database.</li>
 * </ol>
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar pg-queue [--jobs 100000] [--latency-samples 2000] [--statements true]
 *     [--warmup-jobs JOBS]
 * </pre>
 *
 * <p>(a) also prints the CPU time per job of this JVM and of the server ({@link CpuTime}): the run is
 * bound by the machine's cores, so these say where they went. Before it, an unmeasured pass of each
 * side ({@code --warmup-jobs}, the measured number by default) compiles the hot paths.
 *
 * <p>{@code --statements true} loads {@code pg_stat_statements} into the server and prints, after each
 * measured end-to-end run, every statement's calls per 1,000 jobs and its server time: where the
 * round trips and the server's time go. It costs the server a little, so its figures are for
 * comparing statements, not for the table.
 */
final class PgQueueBench implements Bench.Benchmark {
    private static final QueueName QUEUE = new QueueName("bench");
    private static final JobType NOOP = new JobType("noop");
    private static final int WORKERS = 4;
    private static final int CLAIM_BATCH = 100;
    private static final int ENQUEUE_BATCH = 1000;

    @Override
    public String description() {
        return "PostgreSQL queue: jobs/s end to end (4 threads, claims of 100) and NOTIFY enqueue-to-start vs raw JDBC";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int jobs = Integer.parseInt(opts.getOrDefault("--jobs", "100000"));
        int samples = Integer.parseInt(opts.getOrDefault("--latency-samples", "2000"));
        boolean statements = Boolean.parseBoolean(opts.getOrDefault("--statements", "false"));
        int warmupJobs = Integer.parseInt(opts.getOrDefault("--warmup-jobs", String.valueOf(jobs)));
        System.out.printf(Locale.ROOT, "pg-queue: %d jobs end to end (%d workers, claims of %d), %d latency samples; "
                + "%d cores%n", jobs, WORKERS, CLAIM_BATCH, samples, Runtime.getRuntime().availableProcessors());
        TestPostgres server = statements
                ? TestPostgres.startDurable(Map.of("shared_preload_libraries", "pg_stat_statements",
                        "pg_stat_statements.track", "all"))
                : TestPostgres.startDurable();
        try {
            if (statements) {
                server.admin(s -> s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"));
            }
            System.out.println(Figures.row("", "Stowage", "raw JDBC", "ratio"));
            // a first, unmeasured pass of each compiles the hot paths; as long as the measured one by
            // default, because with 10,000 jobs the C2 compiler still took 14-15% of the machine in the
            // measured run (JFR), which the figures then charged to Stowage's JVM
            endToEnd(server, warmupJobs, false);
            RawPg.endToEnd(server, warmupJobs, false);
            Run e2e = endToEnd(server, jobs, statements);
            Run raw = RawPg.endToEnd(server, jobs, statements);
            System.out.println(Figures.row("(a) jobs/s, enqueue + claim 100 + complete", Figures.f1(e2e.jobsPerSecond()),
                    Figures.f1(raw.jobsPerSecond()), Figures.pct(e2e.jobsPerSecond() / raw.jobsPerSecond())));
            System.out.println(Figures.row("(a) CPU us per job, this JVM", Figures.f1(e2e.cpu()[0]),
                    Figures.f1(raw.cpu()[0]), Figures.pct(e2e.cpu()[0] / raw.cpu()[0])));
            System.out.println(Figures.row("(a) CPU us per job, PostgreSQL server", Figures.f1(e2e.cpu()[1]),
                    Figures.f1(raw.cpu()[1]), Figures.pct(e2e.cpu()[1] / raw.cpu()[1])));
            double[] lat = latency(server, samples);
            double[] rawLat = RawPg.notifyLatency(server, samples);
            System.out.println(Figures.row("(b) enqueue-to-start p50 ms, NOTIFY", ms(lat[0]), ms(rawLat[0]), "notify"));
            System.out.println(Figures.row("(b) enqueue-to-start p99 ms, NOTIFY", ms(lat[1]), ms(rawLat[1]), "notify"));
            System.out.println("  (b)'s baseline is a raw INSERT + NOTIFY heard on a raw LISTEN connection.");
        } finally {
            server.close();
        }
    }

    /**
     * One end-to-end run: jobs a second, and the CPU microseconds per job this JVM (producer,
     * workers, the compiler, the collector) and the server spent from its start to its end.
     */
    record Run(double jobsPerSecond, double[] cpu) {
    }

    private static String ms(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** One "process": the PostgreSQL adapter's ports, started, and the services over them. */
    private static final class Process implements AutoCloseable {
        final Injector injector;
        final List<Managed> parts;
        final WorkSignal signal = new WorkSignal();
        final EnqueueJobsService enqueue;
        final WorkJobsService work;

        Process(TestPostgres.Database db, PostgresSettings.WakeUps wakeUps) {
            PostgresSettings settings = new PostgresSettings(db.url(), db.user(), db.password(), 16,
                    Duration.ofSeconds(30), wakeUps, true);
            injector = Guice.createInjector(new AbstractModule() {
                @Override
                protected void configure() {
                    bind(Clock.class).toInstance(Clock.systemUTC());
                }
            }, new PostgresModule(settings));
            injector.getInstance(Key.get(new TypeLiteral<Set<QueueWakeUps>>() { }))
                    .forEach(w -> w.subscribe(signal::signal, signal::signalAll));
            parts = new ArrayList<>(injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { })));
            parts.sort(Comparator.comparingInt(Managed::phase));
            parts.forEach(Managed::start);
            Clock clock = Clock.systemUTC();
            enqueue = new EnqueueJobsService(injector.getInstance(JobEnqueueStore.class),
                    injector.getInstance(JobAdminStore.class), injector.getInstance(JobTemplates.class),
                    injector.getInstance(Transactions.class), new MonotonicIdGenerator(clock), signal,
                    QueueMetrics.NONE, clock);
            work = new WorkJobsService(injector.getInstance(JobWorkStore.class), signal, QueueMetrics.NONE, clock,
                    new SplittableRandom(), WorkJobsService.DEFAULT_FALLBACK_POLL);
        }

        @Override
        public void close() {
            for (int i = parts.size() - 1; i >= 0; i--) {
                parts.get(i).stop();
            }
        }
    }

    /** Forgets the server's statement counts, so that {@link #printStatements} covers what follows. */
    static void resetStatements(TestPostgres server) {
        server.admin(s -> s.execute("SELECT pg_stat_statements_reset()"));
    }

    /** Every statement run in database {@code db} since the last reset: calls per 1,000 jobs and server time. */
    static void printStatements(TestPostgres server, String db, int jobs) {
        server.admin(s -> {
            try (ResultSet r = s.executeQuery("SELECT calls, total_exec_time, rows, query FROM pg_stat_statements"
                    + " WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '" + db + "')"
                    + " ORDER BY total_exec_time DESC")) {
                System.out.printf(Locale.ROOT, "  statements in %s (%d jobs): calls/1000 jobs, server ms/1000 jobs,"
                        + " rows/call%n", db, jobs);
                double calls = 0;
                double ms = 0;
                while (r.next()) {
                    long n = r.getLong(1);
                    calls += n;
                    ms += r.getDouble(2);
                    System.out.printf(Locale.ROOT, "  %9.1f %9.2f %7.1f  %s%n", n * 1000.0 / jobs,
                            r.getDouble(2) * 1000 / jobs, (double) r.getLong(3) / Math.max(1, n),
                            r.getString(4).replaceAll("\\s+", " ").substring(0, Math.min(150,
                                    r.getString(4).replaceAll("\\s+", " ").length())));
                }
                System.out.printf(Locale.ROOT, "  %9.1f %9.2f          all statements%n", calls * 1000 / jobs,
                        ms * 1000 / jobs);
            }
        });
    }

    private static Run endToEnd(TestPostgres server, int jobs, boolean statements) throws Exception {
        TestPostgres.Database db = server.freshDatabase("bench_stowage");
        try (Process p = new Process(db, PostgresSettings.WakeUps.NOTIFY)) {
            p.injector.getInstance(JobAdminStore.class).saveSettings(new QueueSettings(QUEUE, false,
                    QueueSettings.MAX_CONCURRENCY_LIMIT, 1, QueueSettings.defaults(QUEUE).backoff(), Duration.ofMinutes(5)));
            AtomicInteger done = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
            if (statements) {
                resetStatements(server);
            }
            CpuTime.Sample cpu0 = CpuTime.now();
            long t0 = System.nanoTime();
            List<Future<?>> tasks = new ArrayList<>();
            tasks.add(pool.submit(() -> {
                JsonText payload = JsonText.of("{\"n\":1}");
                List<EnqueueCommand> batch = new ArrayList<>(ENQUEUE_BATCH);
                for (int i = 0; i < jobs; i++) {
                    batch.add(EnqueueCommand.of(QUEUE, NOOP, payload));
                    if (batch.size() == ENQUEUE_BATCH || i == jobs - 1) {
                        p.enqueue.enqueueBatch(batch);
                        batch.clear();
                    }
                }
                return null;
            }));
            for (int w = 0; w < WORKERS; w++) {
                WorkerId worker = new WorkerId("w" + w);
                tasks.add(pool.submit(() -> {
                    while (done.get() < jobs) {
                        List<Job> claimed = p.work.claim(QUEUE, worker, CLAIM_BATCH, Optional.empty(), Duration.ofMillis(200));
                        if (claimed.isEmpty()) {
                            continue;
                        }
                        List<Completion> completions = new ArrayList<>(claimed.size());
                        for (Job job : claimed) {
                            completions.add(new Completion(job.id(), job.lease().orElseThrow().id(), Optional.empty()));
                        }
                        p.work.completeAll(completions).forEach(o -> o.orThrow());
                        done.addAndGet(claimed.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : tasks) {
                f.get(30, TimeUnit.MINUTES);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double[] cpu = cpu0.microsPerJob(CpuTime.now(), jobs);
            pool.shutdown();
            if (statements) {
                printStatements(server, db.name(), jobs);
            }
            return new Run(jobs / seconds, cpu);
        } finally {
            server.drop(db.name());
        }
    }

    /** Process A waits in a claim; process B enqueues one job; the time until A holds it. */
    private static double[] latency(TestPostgres server, int samples) throws Exception {
        TestPostgres.Database db = server.freshDatabase("bench_latency");
        try (Process a = new Process(db, PostgresSettings.WakeUps.NOTIFY);
             Process b = new Process(db, PostgresSettings.WakeUps.NOTIFY)) {
            ExecutorService waiter = Executors.newSingleThreadExecutor();
            double[] ms = new double[samples];
            int warmup = Math.min(200, samples);
            JsonText payload = JsonText.of("{}");
            for (int i = -warmup; i < samples; i++) {
                Future<Long> claimedAt = waiter.submit(() -> {
                    List<Job> got = a.work.claim(QUEUE, new WorkerId("a"), 1, Optional.empty(), Duration.ofMinutes(1));
                    if (got.isEmpty()) {
                        throw new IllegalStateException("no job within a minute");
                    }
                    a.work.completeAll(List.of(new Completion(got.get(0).id(), got.get(0).lease().orElseThrow().id(),
                            Optional.empty())));
                    return System.nanoTime();
                });
                while (a.signal.waiting(QUEUE) == 0) {
                    Thread.onSpinWait();
                }
                long t0 = System.nanoTime();
                b.enqueue.enqueue(EnqueueCommand.of(QUEUE, NOOP, payload));
                long t1 = claimedAt.get(1, TimeUnit.MINUTES);
                if (i >= 0) {
                    ms[i] = (t1 - t0) / 1e6;
                }
            }
            waiter.shutdown();
            Arrays.sort(ms);
            return new double[] {ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1]};
        } finally {
            server.drop(db.name());
        }
    }

    /** The same work by hand over plain JDBC on a bare table: what the database itself can do. */
    static final class RawPg {
        /** Enqueues one job per payload in the array. */
        static final String INSERT = "INSERT INTO jobs (queue, payload, priority, state) SELECT 'bench', p, 0, 'PENDING'"
                + " FROM unnest(?::text[]) AS p";
        /** Claims up to a number of jobs under a lease, returning their ids. */
        static final String CLAIM = "UPDATE jobs SET state = 'RUNNING', lease = ?, attempts = attempts + 1"
                + " WHERE id IN (SELECT id FROM jobs WHERE queue = 'bench' AND state = 'PENDING'"
                + " ORDER BY priority DESC, id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id";
        /** Completes the claimed jobs whose ids are in the array, if the lease still holds them. */
        static final String COMPLETE = "UPDATE jobs SET state = 'COMPLETED', lease = NULL, finished_at = ?"
                + " WHERE id = ANY(?) AND state = 'RUNNING' AND lease = ?";

        private RawPg() {
        }

        static void schema(Connection c) throws Exception {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE jobs (id BIGSERIAL PRIMARY KEY, queue TEXT NOT NULL, payload TEXT NOT NULL,"
                        + " priority INT NOT NULL, state TEXT NOT NULL, lease TEXT, attempts INT NOT NULL DEFAULT 0,"
                        + " finished_at BIGINT)");
                s.execute("CREATE INDEX jobs_claim ON jobs (queue, priority DESC, id) WHERE state = 'PENDING'");
            }
        }

        static Run endToEnd(TestPostgres server, int jobs, boolean statements) throws Exception {
            TestPostgres.Database db = server.freshDatabase("bench_raw");
            try {
                try (Connection c = db.connect()) {
                    schema(c);
                }
                AtomicInteger done = new AtomicInteger();
                ExecutorService pool = Executors.newFixedThreadPool(WORKERS + 1);
                if (statements) {
                    resetStatements(server);
                }
                CpuTime.Sample cpu0 = CpuTime.now();
                long t0 = System.nanoTime();
                List<Future<?>> tasks = new ArrayList<>();
                tasks.add(pool.submit(() -> {
                    try (Connection c = db.connect(); PreparedStatement ins = c.prepareStatement(INSERT)) {
                        for (int from = 0; from < jobs; from += ENQUEUE_BATCH) {
                            String[] payloads = new String[Math.min(ENQUEUE_BATCH, jobs - from)];
                            Arrays.fill(payloads, "{\"n\":1}");
                            ins.setArray(1, c.createArrayOf("text", payloads));
                            ins.executeUpdate();
                        }
                    }
                    return null;
                }));
                for (int w = 0; w < WORKERS; w++) {
                    String lease = "w" + w;
                    tasks.add(pool.submit(() -> {
                        try (Connection c = db.connect();
                             PreparedStatement claim = c.prepareStatement(CLAIM);
                             PreparedStatement complete = c.prepareStatement(COMPLETE)) {
                            while (done.get() < jobs) {
                                claim.setString(1, lease);
                                claim.setInt(2, CLAIM_BATCH);
                                List<Long> ids = new ArrayList<>(CLAIM_BATCH);
                                try (ResultSet r = claim.executeQuery()) {
                                    while (r.next()) {
                                        ids.add(r.getLong(1));
                                    }
                                }
                                if (ids.isEmpty()) {
                                    Thread.sleep(1);
                                    continue;
                                }
                                Array array = c.createArrayOf("bigint", ids.toArray());
                                complete.setLong(1, System.currentTimeMillis());
                                complete.setArray(2, array);
                                complete.setString(3, lease);
                                complete.executeUpdate();
                                done.addAndGet(ids.size());
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : tasks) {
                    f.get(30, TimeUnit.MINUTES);
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                double[] cpu = cpu0.microsPerJob(CpuTime.now(), jobs);
                pool.shutdown();
                if (statements) {
                    printStatements(server, db.name(), jobs);
                }
                return new Run(jobs / seconds, cpu);
            } finally {
                server.drop(db.name());
            }
        }

        /** A raw INSERT + NOTIFY, committed, until a raw LISTEN connection hears it. */
        static double[] notifyLatency(TestPostgres server, int samples) throws Exception {
            TestPostgres.Database db = server.freshDatabase("bench_raw_notify");
            try (Connection listen = db.connect(); Connection write = db.connect()) {
                schema(write);
                try (Statement s = listen.createStatement()) {
                    s.execute("LISTEN raw_jobs");
                }
                var pg = listen.unwrap(org.postgresql.PGConnection.class);
                write.setAutoCommit(false);
                double[] ms = new double[samples];
                int warmup = Math.min(200, samples);
                try (PreparedStatement ins = write.prepareStatement(
                        "INSERT INTO jobs (queue, payload, priority, state) VALUES ('bench', '{}', 0, 'PENDING')");
                     PreparedStatement notify = write.prepareStatement("SELECT pg_notify('raw_jobs', 'bench')")) {
                    for (int i = -warmup; i < samples; i++) {
                        long t0 = System.nanoTime();
                        ins.executeUpdate();
                        notify.execute();
                        write.commit();
                        while (pg.getNotifications(60_000) == null) {
                            // keep waiting: a notification always follows a committed NOTIFY
                        }
                        long t1 = System.nanoTime();
                        if (i >= 0) {
                            ms[i] = (t1 - t0) / 1e6;
                        }
                    }
                }
                Arrays.sort(ms);
                return new double[] {ms[samples / 2], ms[(int) Math.ceil(samples * 0.99) - 1]};
            } finally {
                server.drop(db.name());
            }
        }
    }
}
