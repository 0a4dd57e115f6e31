package dev.stowage.bench;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.service.backup.BackupRun;
import dev.stowage.application.service.backup.BackupService;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sqlite.SQLiteConnection;

/**
 * Backups of a data folder holding a database of {@code --db-size} and {@code --blob-bytes} of
 * blobs ({@code --blob-size} each), to a folder target on the same disk:
 * <ol>
 *   <li>a full backup, beside the baseline of SQLite's online backup of the database in one step
 *       (what {@code sqlite3 .backup} does) plus {@code tar -cf} of the blob folder, each part timed;
 *       then where the backup's time went, phase by phase, and what it wrote;</li>
 *   <li>the incremental backup after 1% of the blobs are added and 1% of the filler rows rewritten
 *       (at random places), beside the full backup's time (goal: under 10%) and its bytes beside
 *       the full's (goal: about 1%), with its phases too, and what integrity_check and quick_check of
 *       the database alone cost;</li>
 *   <li>verify and restore of the full backup, beside the same baseline;</li>
 *   <li>the p99 of single enqueues while a backup runs, beside the p99 without one, and the longest.</li>
 * </ol>
 *
 * <pre>
 * java -jar benchmarks/target/stowage-bench.jar backup [--db-size 1g] [--blob-bytes 2g] [--blob-size 4m]
 *      [--dir target/bench-backup]
 * </pre>
 */
final class BackupBench implements Bench.Benchmark {
    private static final Actor OWNER = Actor.user(new UserId("bench"));
    private static final int FILLER_ROW = 4000;

    @Override
    public String description() {
        return "full, incremental backup, verify, restore vs sqlite backup + tar; enqueue p99 during a backup";
    }

    @Override
    public void run(String[] args) throws Exception {
        Map<String, String> opts = DocumentsBench.options(args);
        long dbSize = Figures.size(opts.getOrDefault("--db-size", "1g"));
        long blobBytes = Figures.size(opts.getOrDefault("--blob-bytes", "2g"));
        int blobSize = (int) Figures.size(opts.getOrDefault("--blob-size", "4m"));
        Path dir = Path.of(opts.getOrDefault("--dir", "target/bench-backup")).toAbsolutePath();
        DocumentsBench.deleteTree(dir);
        Path data = dir.resolve("data");
        Path backups = dir.resolve("backups");
        StowageConfig config = config(data, backups);
        var random = new SplittableRandom(42);

        System.out.printf(Locale.ROOT, "backup: database %d MiB of filler rows, %d MiB of blobs of %d KiB, max heap %d MiB, %s%n",
                dbSize >> 20, blobBytes >> 20, blobSize >> 10, Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + Runtime.version());
        try (Stowage stowage = Stowage.tools(config)) {
            stowage.start();
            int blobs = (int) Math.max(1, blobBytes / blobSize);
            for (int i = 0; i < blobs; i++) {
                upload(stowage, random, "blob-" + i, blobSize);
            }
            long rows = Math.max(1, dbSize / FILLER_ROW);
            fill(config.database().databaseFile(), rows, random);
            ManageBackupsUseCase service = stowage.instance(ManageBackupsUseCase.class);
            System.out.println(Figures.row("", "Stowage s", "baseline s", "ratio"));

            BackupService timed = stowage.instance(BackupService.class);

            // 1. full backup vs sqlite online backup + tar
            double[] baseParts = baseline(config.database().databaseFile(), data.resolve("blobs"), dir.resolve("baseline"));
            double base = baseParts[0] + baseParts[1];
            long t0 = System.nanoTime();
            Backup full = service.create("full");
            double fullSeconds = (System.nanoTime() - t0) / 1e9;
            report("full backup (" + (full.totalBytes() >> 20) + " MiB)", fullSeconds, base);
            System.out.println(Figures.row("  baseline parts: sqlite backup / tar + sync", "", Figures.f1(baseParts[0]) + " / "
                    + Figures.f1(baseParts[1]), ""));
            BackupRun fullRun = timed.lastRun().orElseThrow();
            phases(fullRun);

            // 2. incremental after a 1% change
            for (int i = 0; i < Math.max(1, blobs / 100); i++) {
                upload(stowage, random, "more-" + i, blobSize);
            }
            rewrite(config.database().databaseFile(), Math.max(1, rows / 100), rows, random);
            t0 = System.nanoTime();
            Backup incremental = service.create("incremental");
            double incSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.println(Figures.row("incremental after 1% (" + (incremental.writtenBytes() >> 20) + " MiB written)",
                    Figures.f1(incSeconds), Figures.f1(fullSeconds) + " (full)", Figures.pct(incSeconds / fullSeconds)));
            phases(timed.lastRun().orElseThrow());
            System.out.println(Figures.row("incremental bytes written (MiB), vs the full's", String.valueOf(incremental.writtenBytes() >> 20),
                    (full.writtenBytes() >> 20) + " (full)", Figures.pct((double) incremental.writtenBytes() / full.writtenBytes())));
            long withManifest = incremental.writtenBytes() + timed.lastRun().orElseThrow().manifestBytes();
            System.out.println(Figures.row("  the same with its manifest (MiB), vs the data backed up", String.valueOf(withManifest >> 20),
                    (incremental.totalBytes() >> 20) + " (all)", Figures.pct((double) withManifest / incremental.totalBytes())));

            // what the incremental's check costs, for the choice between them: the manifest records integrity_check
            double[] checks = checks(config.database().databaseFile());
            System.out.println(Figures.row("  the database's integrity_check / quick_check alone (s)", Figures.f1(checks[0])
                    + " / " + Figures.f1(checks[1]), "", Figures.pct(checks[1] / checks[0])));

            // 3. verify and restore
            t0 = System.nanoTime();
            if (!service.verify(full.id(), 100).ok()) {
                throw new IllegalStateException("the full backup failed verify");
            }
            report("verify (full)", (System.nanoTime() - t0) / 1e9, base);
            t0 = System.nanoTime();
            service.restore(full.id(), dir.resolve("restored"));
            report("restore into a new folder", (System.nanoTime() - t0) / 1e9, base);

            // 4. enqueue p99 with and without a backup running
            EnqueueJobsUseCase enqueue = stowage.instance(EnqueueJobsUseCase.class);
            double[] without = p99(enqueue, () -> Thread.sleep((long) (fullSeconds * 1000)));
            double[] during = p99(enqueue, () -> service.create("during enqueues"));
            System.out.println(Figures.row("enqueue p99 during a backup (ms)", Figures.f1(during[0]), Figures.f1(without[0])
                    + " (none)", Figures.pct(during[0] / without[0])));
            // the longest single enqueue: the writer's pause while the snapshot is held still shows here, if anywhere
            System.out.println(Figures.row("  the longest enqueue (ms)", Figures.f1(during[1]), Figures.f1(without[1])
                    + " (none)", ""));
        }
        DocumentsBench.deleteTree(dir);
    }

    /** Where a backup's time went, phase by phase (phases overlap), and what it wrote. */
    private static void phases(BackupRun run) {
        for (Map.Entry<String, Duration> p : run.phases().entrySet()) {
            System.out.println(Figures.row("  " + p.getKey(), Figures.f1(p.getValue().toNanos() / 1e9), "", ""));
        }
        System.out.println(Figures.row(String.format(Locale.ROOT, "  wrote: %d of %d chunks (%d MiB of a %d MiB snapshot) in %d packs"
                        + " (the manifest names %d), %d of %d blobs (%d MiB), a manifest of %d KiB",
                run.chunksWritten(), run.chunks(), run.chunkBytes() >> 20, run.snapshotBytes() >> 20, run.packsWritten(), run.packs(),
                run.blobsWritten(), run.blobs(), run.blobBytes() >> 20, run.manifestBytes() >> 10), "", "", ""));
        // an incremental's figures explain themselves: what it read, what the engine's change tracking let it skip
        System.out.println(Figures.row(String.format(Locale.ROOT, "  snapshot chunks: %d read, %d taken unread from %s, %d of those"
                        + " read as a sample to check the engine's answer",
                run.chunksRead(), run.chunksFromBase(), run.base().map(b -> "backup " + b).orElse("no base backup"),
                run.chunksSampled()), "", "", ""));
    }

    private static void report(String what, double seconds, double baseline) {
        System.out.println(Figures.row(what, Figures.f1(seconds), Figures.f1(baseline), Figures.pct(seconds / baseline)));
    }

    /**
     * SQLite's online backup in one step plus {@code tar -cf} of the blob folder, with an fsync of
     * both: {seconds of the database copy, seconds of tar and sync}.
     */
    private static double[] baseline(Path db, Path blobs, Path out) throws Exception {
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.unwrap(SQLiteConnection.class).getDatabase().backup("main", out.resolve("copy.db").toString(), null, 0, 0, -1);
        }
        long t1 = System.nanoTime();
        Process tar = new ProcessBuilder("tar", "-cf", out.resolve("blobs.tar").toString(), "-C", blobs.getParent().toString(),
                blobs.getFileName().toString()).inheritIO().start();
        if (tar.waitFor() != 0) {
            throw new IllegalStateException("tar failed");
        }
        new ProcessBuilder("sync").start().waitFor();
        long t2 = System.nanoTime();
        DocumentsBench.deleteTree(out);
        return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9};
    }

    /** Seconds of {@code PRAGMA integrity_check} and of {@code PRAGMA quick_check} of {@code db}, each in one read transaction. */
    private static double[] checks(Path db) throws Exception {
        double[] seconds = new double[2];
        String[] pragmas = {"integrity_check", "quick_check"};
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            for (int i = 0; i < pragmas.length; i++) {
                long t0 = System.nanoTime();
                try (ResultSet rs = s.executeQuery("PRAGMA " + pragmas[i])) {
                    if (!rs.next() || !"ok".equals(rs.getString(1))) {
                        throw new IllegalStateException(pragmas[i] + " of the bench database did not say ok");
                    }
                }
                seconds[i] = (System.nanoTime() - t0) / 1e9;
            }
        }
        return seconds;
    }

    private interface During {
        void run() throws Exception;
    }

    /** Enqueues one job at a time on a thread while {@code during} runs; the p99 and the max of their latencies in ms. */
    private static double[] p99(EnqueueJobsUseCase enqueue, During during) throws Exception {
        var latencies = new ArrayList<Long>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread producer = new Thread(() -> {
            var cmd = EnqueueCommand.of(new QueueName("bench"), new JobType("noop"), JsonText.of("{}"));
            while (!stop.get()) {
                long t = System.nanoTime();
                enqueue.enqueue(cmd);
                latencies.add(System.nanoTime() - t);
            }
        });
        producer.start();
        during.run();
        stop.set(true);
        producer.join();
        latencies.sort(null);
        if (latencies.isEmpty()) {
            return new double[] {0, 0};
        }
        return new double[] {latencies.get((int) Math.min(latencies.size() - 1, latencies.size() * 0.99)) / 1e6,
                latencies.get(latencies.size() - 1) / 1e6};
    }

    private static void upload(Stowage stowage, SplittableRandom random, String name, int size) {
        byte[] content = new byte[size];
        random.nextBytes(content);
        stowage.instance(StoreDocumentsUseCase.class).upload(OWNER,
                UploadCommand.of(new DocumentName(name), new FileName(name + ".bin"), MimeType.OCTET_STREAM),
                new ByteArrayInputStream(content));
    }

    /** A table of its own beside Stowage's, so the database has the size asked for without touching the queue's. */
    private static void fill(Path db, long rows, SplittableRandom random) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                s.execute("CREATE TABLE IF NOT EXISTS bench_filler (id INTEGER PRIMARY KEY, pad BLOB NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO bench_filler (id, pad) VALUES (?, ?)")) {
                byte[] pad = new byte[FILLER_ROW];
                for (long i = 0; i < rows; i++) {
                    random.nextBytes(pad);
                    p.setLong(1, i);
                    p.setBytes(2, pad);
                    p.addBatch();
                    if (i % 10_000 == 9_999) {
                        p.executeBatch();
                        c.commit();
                    }
                }
                p.executeBatch();
                c.commit();
            }
        }
    }

    private static void rewrite(Path db, long count, long rows, SplittableRandom random) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA busy_timeout = 10000");
                // the engine's checkpoints fold the change into the file, as for an application's writes through
                // Stowage: this connection checkpointing on its own would be a change the engine's change tracking
                // cannot see, which ends its log, and the incremental would read the whole database
                s.execute("PRAGMA wal_autocheckpoint = 0");
            }
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("UPDATE bench_filler SET pad = ? WHERE id = ?")) {
                byte[] pad = new byte[FILLER_ROW];
                for (long i = 0; i < count; i++) {
                    random.nextBytes(pad);
                    p.setBytes(1, pad);
                    p.setLong(2, random.nextLong(rows));
                    p.addBatch();
                }
                p.executeBatch();
            }
            c.commit();
        }
    }

    private static StowageConfig config(Path data, Path backups) {
        var overrides = new LinkedHashMap<String, String>();
        overrides.put("stowage.data-dir", data.toString());
        overrides.put("stowage.backups.dir", backups.toString());
        overrides.put("stowage.documents.max-document-bytes", "1TiB");
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(), overrides));
    }
}
