package dev.stowage.adapter.out.sqlite.engine;

import dev.stowage.application.port.out.DatabaseSnapshots;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The other process of the change tracking tests.
 *
 * <ul>
 *   <li>{@code checkpoint DB}: one passive checkpoint of the file through a connection of its own;
 *       prints SQLite's three figures (busy, frames in the WAL, frames copied).</li>
 *   <li>{@code write DIR MARKS SEED}: an engine on {@code DIR} that writes at random without end and,
 *       now and then, freezes and records the mark and each page's SHA-256 in a new file in {@code MARKS}
 *       (written aside, then renamed in: a file there is whole). Its WAL's tail is folded in on the
 *       writer from 64 KiB on. Prints READY once writing.</li>
 * </ul>
 */
public final class ChangeTrackingProcessMain {
    private ChangeTrackingProcessMain() {
    }

    /** The command line that runs this class with {@code args} in a new JVM. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"),
                "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                ChangeTrackingProcessMain.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        if (args[0].equals("checkpoint")) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[1]); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
                rs.next();
                out.println(rs.getInt(1) + " " + rs.getInt(2) + " " + rs.getInt(3));
            }
            return;
        }
        Path dir = Path.of(args[1]);
        Path marks = Path.of(args[2]);
        var random = new Random(Long.parseLong(args[3]));
        Files.createDirectories(marks);
        TestEngine test = TestEngine.started(PageWorkload.settings(dir));
        // a WAL's tail is folded in on the writer past 64 KiB instead of 16 MiB: kills land in those
        // tracked checkpoints too, not only in the background ones and the freezes'
        test.engine.walRestartBytes = 64 << 10;
        PageWorkload.createTable(test);
        long writerSeed = random.nextLong();
        Thread writer = new Thread(() -> {
            var r = new Random(writerSeed);
            while (true) {
                PageWorkload.step(test, r);
            }
        }, "writer");
        writer.setDaemon(true);
        writer.start();
        out.println("READY");
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        int pageSize = test.engine.onWriter(s -> (int) s.queryLong("PRAGMA page_size"));
        try (var names = Files.list(marks)) {
            long n = names.count();
            while (true) {
                Thread.sleep(10 + random.nextInt(100));
                Optional<DatabaseSnapshots.Frozen> maybe = snapshots.freeze();
                if (maybe.isEmpty()) {
                    continue;
                }
                try (var frozen = maybe.get()) {
                    String mark = frozen.changeMark().orElseThrow();
                    var text = new StringBuilder(mark).append('\n').append(pageSize).append('\n');
                    for (byte[] hash : PageWorkload.pageHashes(PageWorkload.readAll(frozen), pageSize)) {
                        text.append(HexFormat.of().formatHex(hash)).append('\n');
                    }
                    Path aside = marks.resolve("next.tmp");
                    Files.writeString(aside, text);
                    Files.move(aside, marks.resolve(String.format("%06d.mark", n++)), StandardCopyOption.ATOMIC_MOVE);
                }
            }
        }
    }
}
