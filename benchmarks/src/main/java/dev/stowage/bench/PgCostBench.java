package dev.stowage.bench;

import dev.stowage.testing.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Where the PostgreSQL queue's time goes, statement by statement: what the {@code jobs} table costs
 * per job, on the adapter's schema and on variants of it, beside the raw table of {@code pg-queue}.
 *
 * <p>One connection runs rounds of one batch insert of 1,000 jobs and ten claims of 100, each followed
 * by a running-jobs count and the batch's completion, with {@code synchronous_commit} off, so that
 * the figures are the statements' own work (parse, plan, heap and index writes, the rows sent back)
 * without the commit's WAL flush, which both sides pay alike per statement. Rounds go to the schemas
 * in turn, so every schema sees the same phases of the machine. The statements are those of
 * {@code PgJobStore}: its batch insert ({@code unnest} of nine arrays), the running-jobs count of its
 * claim, its claim's {@code UPDATE ... FOR UPDATE SKIP LOCKED} returning every column, and its batch
 * completion ({@code unnest} of ids, leases and results). The schemas:
 * <ul>
 *   <li>{@code stowage (V1, V3)}: the adapter's migrations of the queue as shipped: the table, then the
 *       listing order in a table of its own ({@code job_order}, kept by triggers) instead of the two
 *       listing indexes on {@code jobs};</li>
 *   <li>{@code V1 only}: the table as it was before V3, with the two listing indexes
 *       ({@code jobs_created}, {@code jobs_queue_created}), which every update rewrites because an
 *       update that changes {@code state} is never HOT;</li>
 *   <li>{@code V1, no listing}: V1 without the two listing indexes and without anything in their
 *       place: the floor of what the listing can cost;</li>
 *   <li>{@code V1, uuid ids}: V1 with {@code id} a 16-byte {@code uuid} instead of 26 characters of
 *       text; {@code V1, uuid, no list}: both;</li>
 *   <li>{@code raw}: {@code pg-queue}'s baseline table and statements (bigint ids, one partial index).</li>
 * </ul>
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar pg-cost [--rounds 50]
 * </pre>
 */
final class PgCostBench implements Bench.Benchmark {
    private static final String MIGRATIONS = "dev/stowage/adapter/out/postgres/migration/";
    /** The queue's table and indexes. */
    private static final String V1 = "V1__queue.sql";
    /** The listing order moved into its own table ({@code job_order}), the listing indexes dropped. */
    private static final String V3 = "V3__job_listing_order.sql";
    private static final int BATCH = 1000;
    private static final int CLAIM = 100;
    private static final int WARMUP_ROUNDS = 5;
    private static final String COLUMNS = "id, queue, type, payload, priority, state, attempts, max_attempts, run_at, "
            + "lease_id, lease_worker, lease_expires_at, progress_pct, progress_msg, cancel_requested, result, "
            + "last_error, created_at, started_at, finished_at, estimated_duration, dedup_key, external_ref";
    private static final String INSERT = "INSERT INTO jobs (id, queue, type, payload, priority, state, attempts, "
            + "max_attempts, run_at, progress_pct, progress_msg, cancel_requested, created_at, estimated_duration) "
            + "SELECT id, queue, type, payload, priority, 'PENDING', 0, max_attempts, run_at, 0, '', FALSE, created_at, "
            + "estimated FROM unnest(?, ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::bigint[], "
            + "?::bigint[], ?::bigint[]) AS n(id, queue, type, payload, priority, max_attempts, run_at, created_at, estimated)";
    private static final String COUNT = "SELECT count(*) FROM jobs WHERE queue = ? AND state = 'RUNNING'";
    private static final String CLAIM_UPDATE = "UPDATE jobs SET state = 'RUNNING', attempts = attempts + 1, lease_id = ?, "
            + "lease_worker = ?, lease_expires_at = ?, lease_duration = ?, progress_pct = 0, progress_msg = '', "
            + "started_at = ?, finished_at = NULL WHERE id = ANY(ARRAY(SELECT id FROM jobs WHERE queue = ? "
            + "AND state = 'PENDING' AND run_at <= ? ORDER BY priority DESC, id LIMIT ? FOR UPDATE SKIP LOCKED)) "
            + "RETURNING " + COLUMNS;
    private static final String COMPLETE = "UPDATE jobs AS j SET state = 'COMPLETED', result = c.result, "
            + "progress_pct = 100, finished_at = ?, cancel_requested = FALSE, lease_id = NULL, lease_worker = NULL, "
            + "lease_expires_at = NULL, lease_duration = NULL FROM unnest(?, ?::text[], ?::text[]) "
            + "AS c(id, lease, result) WHERE j.id = c.id AND j.state = 'RUNNING' AND j.lease_id = c.lease "
            + "RETURNING j.id, j.queue, j.type, j.attempts, j.started_at, j.finished_at";
    private static final String DROP_LISTING = "DROP INDEX jobs_created; DROP INDEX jobs_queue_created";
    private static final String UUID_IDS = "ALTER TABLE jobs DROP CONSTRAINT jobs_id_check; "
            + "ALTER TABLE jobs ALTER COLUMN id TYPE uuid USING id::uuid";

    @Override
    public String description() {
        return "PostgreSQL queue: each statement's cost per 1,000 jobs on the adapter's schema, variants of it, and raw";
    }

    /** One schema under test, with its connection and the time its statements took. */
    private static final class Schema {
        final String name;
        final boolean raw;
        final boolean uuid;
        final Connection c;
        /** Nanoseconds in insert, count, claim, completion, over the measured rounds. */
        final long[] ns = new long[4];
        /** Bytes of WAL the measured rounds wrote. */
        long walBytes;
        long next;

        Schema(String name, boolean raw, boolean uuid, Connection c) {
            this.name = name;
            this.raw = raw;
            this.uuid = uuid;
            this.c = c;
        }
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "50"));
        System.out.printf(Locale.ROOT, "pg-cost: %d rounds (after %d unmeasured) of one insert of %d jobs and %d claims "
                + "of %d, each with its count and completion; one connection, synchronous_commit off; %d cores%n",
                rounds, WARMUP_ROUNDS, BATCH, BATCH / CLAIM, CLAIM, Runtime.getRuntime().availableProcessors());
        TestPostgres server = TestPostgres.startDurable();
        List<Schema> schemas = new ArrayList<>();
        try {
            schemas.add(stowage(server, "stowage (V1, V3)", List.of(V1, V3), false, false));
            schemas.add(stowage(server, "V1 only", List.of(V1), false, false));
            schemas.add(stowage(server, "V1, no listing", List.of(V1), true, false));
            schemas.add(stowage(server, "V1, uuid ids", List.of(V1), false, true));
            schemas.add(stowage(server, "V1, uuid, no list", List.of(V1), true, true));
            Connection raw = server.freshDatabase("cost_raw").connect();
            PgQueueBench.RawPg.schema(raw);
            unsynced(raw);
            schemas.add(new Schema("raw", true, false, raw));
            for (int round = -WARMUP_ROUNDS; round < rounds; round++) {
                for (Schema s : schemas) {
                    long[] into = round < 0 ? new long[4] : s.ns;
                    String from = walPosition(s.c);
                    if (s.raw) {
                        rawRound(s, into);
                    } else {
                        stowageRound(s, into);
                    }
                    if (round >= 0) {
                        s.walBytes += walSince(s.c, from);
                    }
                }
            }
            print(schemas, rounds);
        } finally {
            for (Schema s : schemas) {
                s.c.close();
            }
            server.close();
        }
    }

    private static Schema stowage(TestPostgres server, String name, List<String> migrations, boolean noListing,
                                  boolean uuid) throws SQLException, IOException {
        Connection c = server.freshDatabase("cost_" + name).connect();
        try (Statement s = c.createStatement()) {
            for (String script : migrations) {
                s.execute(migration(script));
            }
            if (noListing) {
                s.execute(DROP_LISTING);
            }
            if (uuid) {
                s.execute(UUID_IDS);
            }
        }
        unsynced(c);
        return new Schema(name, false, uuid, c);
    }

    private static String migration(String script) throws IOException {
        try (InputStream in = PgCostBench.class.getClassLoader().getResourceAsStream(MIGRATIONS + script)) {
            if (in == null) {
                throw new IOException("the PostgreSQL adapter's " + script + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Where the server's WAL ends now (nothing else writes on the server between two readings but autovacuum). */
    private static String walPosition(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT pg_current_wal_insert_lsn()::text")) {
            r.next();
            return r.getString(1);
        }
    }

    private static long walSince(Connection c, String from) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), ?::pg_lsn)::bigint")) {
            p.setString(1, from);
            try (ResultSet r = p.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void unsynced(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
        }
    }

    /** An id in the order a ULID would give: 26 characters, or the same counter as a uuid. */
    private static String id(Schema s) {
        long n = s.next++;
        return s.uuid ? new UUID(0x0193_0000_0000_0000L, n).toString() : String.format(Locale.ROOT, "01J%023d", n);
    }

    private static void stowageRound(Schema s, long[] ns) throws SQLException {
        Connection c = s.c;
        String idType = s.uuid ? "uuid" : "text";
        long now = System.currentTimeMillis() * 1000;
        String[] ids = new String[BATCH];
        String[] queues = new String[BATCH];
        String[] types = new String[BATCH];
        String[] payloads = new String[BATCH];
        Integer[] priorities = new Integer[BATCH];
        Integer[] attempts = new Integer[BATCH];
        Long[] times = new Long[BATCH];
        Long[] estimated = new Long[BATCH];
        for (int i = 0; i < BATCH; i++) {
            ids[i] = id(s);
            queues[i] = "bench";
            types[i] = "noop";
            payloads[i] = "{\"n\":1}";
            priorities[i] = 0;
            attempts[i] = 1;
            times[i] = now;
        }
        long t = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement(INSERT)) {
            p.setArray(1, c.createArrayOf(idType, ids));
            p.setArray(2, c.createArrayOf("text", queues));
            p.setArray(3, c.createArrayOf("text", types));
            p.setArray(4, c.createArrayOf("text", payloads));
            p.setArray(5, c.createArrayOf("int4", priorities));
            p.setArray(6, c.createArrayOf("int4", attempts));
            p.setArray(7, c.createArrayOf("int8", times));
            p.setArray(8, c.createArrayOf("int8", times));
            p.setArray(9, c.createArrayOf("int8", estimated));
            p.executeUpdate();
        }
        ns[0] += System.nanoTime() - t;
        for (int k = 0; k < BATCH / CLAIM; k++) {
            t = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement(COUNT)) {
                p.setString(1, "bench");
                try (ResultSet r = p.executeQuery()) {
                    r.next();
                }
            }
            ns[1] += System.nanoTime() - t;
            String lease = "lease-" + s.next + "-" + k;
            List<String> claimed = new ArrayList<>(CLAIM);
            t = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement(CLAIM_UPDATE)) {
                p.setString(1, lease);
                p.setString(2, "w0");
                p.setLong(3, now + 300_000_000L);
                p.setLong(4, 300_000_000L);
                p.setLong(5, now);
                p.setString(6, "bench");
                p.setLong(7, now + 1_000_000L);
                p.setInt(8, CLAIM);
                try (ResultSet r = p.executeQuery()) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        claimed.add(r.getString(1));
                        for (int col = 2; col <= columns; col++) {
                            r.getObject(col);
                        }
                    }
                }
            }
            ns[2] += System.nanoTime() - t;
            String[] leases = new String[claimed.size()];
            Arrays.fill(leases, lease);
            t = System.nanoTime();
            int completed = 0;
            try (PreparedStatement p = c.prepareStatement(COMPLETE)) {
                p.setLong(1, now);
                p.setArray(2, c.createArrayOf(idType, claimed.toArray()));
                p.setArray(3, c.createArrayOf("text", leases));
                p.setArray(4, c.createArrayOf("text", new String[claimed.size()]));
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        completed++;
                    }
                }
            }
            ns[3] += System.nanoTime() - t;
            checkBatch(s, claimed.size(), completed);
        }
    }

    private static void rawRound(Schema s, long[] ns) throws SQLException {
        Connection c = s.c;
        String[] payloads = new String[BATCH];
        Arrays.fill(payloads, "{\"n\":1}");
        long t = System.nanoTime();
        try (PreparedStatement p = c.prepareStatement(PgQueueBench.RawPg.INSERT)) {
            p.setArray(1, c.createArrayOf("text", payloads));
            p.executeUpdate();
        }
        ns[0] += System.nanoTime() - t;
        for (int k = 0; k < BATCH / CLAIM; k++) {
            String lease = "lease-" + s.next++;
            List<Long> claimed = new ArrayList<>(CLAIM);
            t = System.nanoTime();
            try (PreparedStatement p = c.prepareStatement(PgQueueBench.RawPg.CLAIM)) {
                p.setString(1, lease);
                p.setInt(2, CLAIM);
                try (ResultSet r = p.executeQuery()) {
                    while (r.next()) {
                        claimed.add(r.getLong(1));
                    }
                }
            }
            ns[2] += System.nanoTime() - t;
            t = System.nanoTime();
            int completed;
            try (PreparedStatement p = c.prepareStatement(PgQueueBench.RawPg.COMPLETE)) {
                p.setLong(1, System.currentTimeMillis());
                p.setArray(2, c.createArrayOf("bigint", claimed.toArray()));
                p.setString(3, lease);
                completed = p.executeUpdate();
            }
            ns[3] += System.nanoTime() - t;
            checkBatch(s, claimed.size(), completed);
        }
    }

    /** Every claim finds a full batch (the round inserted enough) and completes all of it. */
    private static void checkBatch(Schema s, int claimed, int completed) {
        if (claimed != CLAIM || completed != claimed) {
            throw new IllegalStateException(s.name + ": claimed " + claimed + " and completed " + completed
                    + " of a batch of " + CLAIM);
        }
    }

    private static void print(List<Schema> schemas, int rounds) throws SQLException {
        System.out.printf(Locale.ROOT, "  %-18s %9s %9s %9s %9s %9s %8s %12s %14s%n", "ms per 1,000 jobs", "insert",
                "count", "claim", "complete", "all", "vs raw", "index bytes", "WAL KiB/1,000");
        Schema raw = schemas.get(schemas.size() - 1);
        double rawAll = Arrays.stream(raw.ns).sum();
        for (Schema s : schemas) {
            double per = rounds * 1e6;
            long all = Arrays.stream(s.ns).sum();
            long indexBytes;
            try (Statement st = s.c.createStatement();
                 // with the listing order's table and its indexes where the schema has one: V3 moves that cost there
                 ResultSet r = st.executeQuery("SELECT pg_indexes_size('jobs')"
                         + " + coalesce(pg_total_relation_size(to_regclass('job_order')), 0)")) {
                r.next();
                indexBytes = r.getLong(1);
            }
            System.out.printf(Locale.ROOT, "  %-18s %9.2f %9.2f %9.2f %9.2f %9.2f %7.2fx %12d %14.1f%n", s.name,
                    s.ns[0] / per, s.ns[1] / per, s.ns[2] / per, s.ns[3] / per, all / per, all / rawAll, indexBytes,
                    s.walBytes / 1024.0 / rounds);
        }
        System.out.println("  (raw counts nothing: its claim has no limit to keep.)");
    }
}
