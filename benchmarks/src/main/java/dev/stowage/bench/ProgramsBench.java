package dev.stowage.bench;

import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.application.service.MonotonicIdGenerator;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Program reads per second through the program store on the SQLite engine, beside raw SQLite
 * doing the same reads over plain JDBC on the same database file in the same run: a get by id
 * ({@code SELECT * FROM programs WHERE id = ?}) and a walk of the whole listing by name in pages
 * ({@code WHERE name > ? ORDER BY name LIMIT ?}). The raw side reads every column of every row, as
 * the store does, but builds no domain objects and checks no JSON: the difference is what the
 * engine, jOOQ and the mapping cost.
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar programs [--programs 10000] [--gets 200000]
 *      [--page 50] [--walks 20] [--threads 4] [--config-bytes 2048] [--runs 3] [--dir target/bench-programs]
 * </pre>
 */
final class ProgramsBench implements Bench.Benchmark {

    @Override
    public String description() {
        return "program get and list per second (program store on SQLite) vs raw SQLite over JDBC";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int programs = Integer.parseInt(opts.getOrDefault("--programs", "10000"));
        int gets = Integer.parseInt(opts.getOrDefault("--gets", "200000"));
        int pageSize = Integer.parseInt(opts.getOrDefault("--page", "50"));
        int walks = Integer.parseInt(opts.getOrDefault("--walks", "20"));
        int threads = Integer.parseInt(opts.getOrDefault("--threads", "4"));
        int configBytes = Integer.parseInt(opts.getOrDefault("--config-bytes", "2048"));
        int runs = Integer.parseInt(opts.getOrDefault("--runs", "3"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-programs")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);

        StowageConfig config = config(dir, threads);
        System.out.printf(Locale.ROOT, "programs: %d programs with %d-byte configs, %d gets, %d walks in pages of %d, %d threads,"
                        + " %d runs, max heap %d MiB, %s%n", programs, configBytes, gets, walks, pageSize, threads, runs,
                Runtime.getRuntime().maxMemory() >> 20, System.getProperty("java.vm.name") + " " + Runtime.version());
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            ProgramStore store = stowage.instance(ProgramStore.class);
            List<ProgramId> ids = seed(store, stowage.instance(Transactions.class), programs, configBytes);
            Path database = config.database().databaseFile();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                System.out.println(Figures.row("", "Stowage /s", "raw JDBC /s", "ratio"));
                var getOps = new ArrayList<Double>();
                var rawGetOps = new ArrayList<Double>();
                var listOps = new ArrayList<Double>();
                var rawListOps = new ArrayList<Double>();
                // an unmeasured pass of each warms the JIT and the page cache
                runGets(pool, threads, Math.min(gets, 20_000), ids, id -> store.find(id).orElseThrow());
                runRawGets(pool, threads, Math.min(gets, 20_000), ids, database);
                for (int run = 0; run < runs; run++) {
                    // each Stowage run right after its baseline, so both see the same load on a shared machine
                    rawGetOps.add(gets / runRawGets(pool, threads, gets, ids, database));
                    getOps.add(gets / runGets(pool, threads, gets, ids, id -> store.find(id).orElseThrow()));
                    rawListOps.add((double) walks * programs / runRawWalks(pool, threads, walks, pageSize, programs, database));
                    listOps.add((double) walks * programs / runWalks(pool, threads, walks, pageSize, programs, store));
                }
                report("get by id", getOps, rawGetOps);
                report("list by name, programs read", listOps, rawListOps);
            } finally {
                pool.shutdownNow();
            }
        }
        DocumentsBench.deleteTree(dir);
    }

    private static void report(String label, List<Double> stowage, List<Double> raw) {
        double s = Figures.median(stowage);
        double r = Figures.median(raw);
        System.out.println(Figures.row(label + " (median)", String.format(Locale.ROOT, "%.0f", s),
                String.format(Locale.ROOT, "%.0f", r), Figures.pct(s / r)));
        System.out.println(Figures.row("    runs", runs(stowage), runs(raw), ""));
    }

    private static String runs(List<Double> perSecond) {
        return String.join(" ", perSecond.stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
    }

    // ---- Stowage

    /** Programs named {@code program-000001}..., each with a config of about {@code configBytes} and an image's keys. */
    private static List<ProgramId> seed(ProgramStore store, Transactions tx, int count, int configBytes) throws Exception {
        var random = new SplittableRandom(7);
        var ids = new ArrayList<ProgramId>(count);
        var idGenerator = new MonotonicIdGenerator(Clock.systemUTC());
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (int from = 0; from < count; from += 500) {
            int to = Math.min(count, from + 500);
            var batch = new ArrayList<Program>(to - from);
            for (int i = from; i < to; i++) {
                String config = config(random, configBytes);
                ProgramId id = new ProgramId(idGenerator.next());
                String hex = String.format(Locale.ROOT, "%064x", (long) i);
                var image = new ProgramImage(new BlobKey("programs/images/" + hex.substring(40)), new MimeType("image/png"),
                        3_000_000, new Sha256(hex), 2048, 1536, Optional.of(new BlobKey("programs/thumbnails/" + hex.substring(40))));
                batch.add(new Program(id, new ProgramName(String.format(Locale.ROOT, "program-%06d", i)), "seeded for the bench",
                        new JsonText(config), 1, Sha256.of(sha.digest(config.getBytes(StandardCharsets.UTF_8))), i % 3 != 0, 1,
                        Optional.of(image), Optional.empty(), now, now, new UserId("bench")));
                ids.add(id);
            }
            tx.write(() -> {
                batch.forEach(store::insert);
                return null;
            });
        }
        return ids;
    }

    private static double runGets(ExecutorService pool, int threads, int gets, List<ProgramId> ids,
                                  java.util.function.Consumer<ProgramId> get) throws Exception {
        return parallel(pool, threads, (thread, random) -> {
            for (int i = thread; i < gets; i += threads) {
                get.accept(ids.get(random.nextInt(ids.size())));
            }
        });
    }

    private static double runWalks(ExecutorService pool, int threads, int walks, int pageSize, int programs,
                                   ProgramStore store) throws Exception {
        return parallel(pool, threads, (thread, random) -> {
            for (int w = thread; w < walks; w += threads) {
                int seen = 0;
                PageRequest page = PageRequest.first(pageSize);
                while (true) {
                    Page<Program> p = store.list(ProgramQuery.all(), page);
                    seen += p.items().size();
                    if (p.next().isEmpty()) {
                        break;
                    }
                    page = PageRequest.after(p.next().get(), pageSize);
                }
                check(seen, programs);
            }
        });
    }

    // ---- raw JDBC on the same file

    private static double runRawGets(ExecutorService pool, int threads, int gets, List<ProgramId> ids, Path database)
            throws Exception {
        return parallel(pool, threads, (thread, random) -> {
            try (Connection c = open(database); PreparedStatement get = c.prepareStatement("SELECT * FROM programs WHERE id = ?")) {
                for (int i = thread; i < gets; i += threads) {
                    get.setString(1, ids.get(random.nextInt(ids.size())).value());
                    try (ResultSet rs = get.executeQuery()) {
                        if (!rs.next()) {
                            throw new IllegalStateException("a seeded program is missing");
                        }
                        readRow(rs);
                    }
                }
            }
        });
    }

    private static double runRawWalks(ExecutorService pool, int threads, int walks, int pageSize, int programs, Path database)
            throws Exception {
        return parallel(pool, threads, (thread, random) -> {
            try (Connection c = open(database);
                 PreparedStatement first = c.prepareStatement("SELECT * FROM programs ORDER BY name LIMIT ?");
                 PreparedStatement next = c.prepareStatement("SELECT * FROM programs WHERE name > ? ORDER BY name LIMIT ?")) {
                for (int w = thread; w < walks; w += threads) {
                    int seen = 0;
                    Optional<String> after = Optional.empty();
                    do {
                        PreparedStatement page = after.isEmpty() ? first : next;
                        if (after.isEmpty()) {
                            first.setInt(1, pageSize + 1);
                        } else {
                            next.setString(1, after.get());
                            next.setInt(2, pageSize + 1);
                        }
                        // one row more than the page tells whether another page follows, as the store does
                        int rows = 0;
                        String last = null;
                        boolean more = false;
                        try (ResultSet rs = page.executeQuery()) {
                            while (rs.next()) {
                                if (rows == pageSize) {
                                    more = true;
                                    break;
                                }
                                readRow(rs);
                                last = rs.getString("name");
                                rows++;
                            }
                        }
                        seen += rows;
                        after = more ? Optional.of(last) : Optional.empty();
                    } while (after.isPresent());
                    check(seen, programs);
                }
            }
        });
    }

    /** Every column, as the store reads them. */
    private static void readRow(ResultSet rs) throws Exception {
        int columns = rs.getMetaData().getColumnCount();
        for (int col = 1; col <= columns; col++) {
            rs.getObject(col);
        }
    }

    private static Connection open(Path database) throws Exception {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA query_only=1");
        }
        return c;
    }

    // ---- helpers

    @FunctionalInterface
    private interface Worker {
        void run(int thread, SplittableRandom random) throws Exception;
    }

    /** Seconds for {@code threads} workers to finish. */
    private static double parallel(ExecutorService pool, int threads, Worker worker) throws Exception {
        var futures = new ArrayList<Future<?>>();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            var random = new SplittableRandom(1000L + t);
            futures.add(pool.submit(() -> {
                worker.run(thread, random);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void check(int seen, int programs) {
        if (seen != programs) {
            throw new IllegalStateException("the listing served " + seen + " programs, not " + programs);
        }
    }

    /** A JSON object of about {@code bytes} characters: numbers, strings and a nested array, like an inspection config. */
    static String config(SplittableRandom random, int bytes) {
        var out = new StringBuilder(bytes + 64).append("{\"resolution\":[1920,1080],\"passes\":").append(random.nextInt(1, 9));
        for (int i = 0; out.length() < bytes; i++) {
            out.append(",\"region").append(i).append("\":{\"x\":").append(random.nextInt(1920)).append(",\"y\":")
                    .append(random.nextInt(1080)).append(",\"label\":\"zone ").append(i).append("\"}");
        }
        return out.append('}').toString();
    }

    private static StowageConfig config(Path dataDir, int threads) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", dataDir.toString());
        // one read connection per bench thread, as the raw side has
        overrides.put("stowage.database.read-pool-size", Integer.toString(Math.max(1, Math.min(64, threads))));
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }
}
