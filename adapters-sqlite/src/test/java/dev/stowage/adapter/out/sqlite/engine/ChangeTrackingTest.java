package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseSnapshots;
import dev.stowage.application.port.out.DatabaseSnapshots.ChangedPages;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which pages changed between two frozen moments ({@code Frozen.changedSince}), on real files: never
 * a changed page left out, and no answer at all when a change went untracked.
 */
class ChangeTrackingTest {
    @TempDir
    Path dir;
    TestEngine test;

    @AfterEach
    void stop() {
        if (test != null) {
            test.close();
        }
    }

    /** A frozen moment's bytes, mark and page size. */
    private record Moment(String mark, byte[] bytes, int pageSize) {
        byte[][] hashes() {
            return PageWorkload.pageHashes(bytes, pageSize);
        }
    }

    @Test
    void everyPageLeftOutOfTheAnswerIsByteForByteTheSameBetweenAnyTwoFrozenMoments() throws Exception {
        long seed = new Random().nextLong();
        System.out.println("ChangeTrackingTest seed " + seed);
        var random = new Random(seed);
        test = TestEngine.started(PageWorkload.settings(dir));
        PageWorkload.createTable(test);
        for (int i = 0; i < 1500; i++) {
            PageWorkload.step(test, random);
        }
        var stop = new AtomicBoolean();
        var failure = new AtomicReference<Throwable>();
        long writerSeed = random.nextLong();
        Thread writer = new Thread(() -> {
            var r = new Random(writerSeed);
            try {
                while (!stop.get()) {
                    PageWorkload.step(test, r);
                    Thread.sleep(r.nextInt(3));
                    if (r.nextInt(40) == 0) {
                        test.admin.checkpoint(CheckpointMode.values()[r.nextInt(CheckpointMode.values().length)]);
                    }
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });
        writer.start();
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        var moments = new ArrayList<Moment>();
        long reportedTotal = 0;
        long pagesTotal = 0;
        try {
            while (moments.size() < 14) {
                Thread.sleep(20 + random.nextInt(150));
                Optional<DatabaseSnapshots.Frozen> maybe = snapshots.freeze();
                if (maybe.isEmpty()) {
                    continue;
                }
                try (DatabaseSnapshots.Frozen frozen = maybe.get()) {
                    byte[] bytes = PageWorkload.readAll(frozen);
                    int pageSize = test.engine.onWriter(s -> (int) s.queryLong("PRAGMA page_size"));
                    var now = new Moment(frozen.changeMark().orElseThrow(), bytes, pageSize);
                    assertThat(now.mark()).hasSizeLessThanOrEqualTo(200).matches("\\p{Print}+");
                    assertThat(frozen.changedSince(now.mark()).orElseThrow().pages().cardinality()).as("no change since itself").isZero();
                    byte[][] later = now.hashes();
                    for (Moment earlier : moments) {
                        ChangedPages changed = frozen.changedSince(earlier.mark())
                                .orElseThrow(() -> new AssertionError("no answer though nothing changed outside"));
                        assertThat(changed.pageSize()).isEqualTo(pageSize);
                        BitSet differing = PageWorkload.differing(earlier.hashes(), later);
                        assertThat(PageWorkload.missed(differing, changed).stream().toArray()).as("changed pages left out").isEmpty();
                        if (earlier == moments.get(moments.size() - 1)) {
                            int reported = changed.pages().get(0, later.length).cardinality();
                            System.out.printf("pages %d, changed %d, reported %d%n", later.length, differing.cardinality(),
                                    reported);
                            reportedTotal += reported;
                            pagesTotal += later.length;
                        }
                    }
                    moments.add(now);
                }
            }
        } finally {
            stop.set(true);
            writer.join();
        }
        assertThat(failure.get()).isNull();
        assertThat(reportedTotal).as("the answers name fewer pages than the files hold").isLessThan(pagesTotal);
    }

    @Test
    void aRestartWithNoWriteFromOutsideStillAnswers() throws Exception {
        var random = new Random(7);
        test = TestEngine.started(PageWorkload.settings(dir));
        PageWorkload.createTable(test);
        Moment before = freezeAfter(random, 100);
        test.close();
        test = TestEngine.started(PageWorkload.settings(dir));
        for (int i = 0; i < 50; i++) {
            PageWorkload.step(test, random);
        }
        try (var frozen = new SqliteDatabaseSnapshots(test.engine).freeze().orElseThrow()) {
            byte[] bytes = PageWorkload.readAll(frozen);
            ChangedPages changed = frozen.changedSince(before.mark()).orElseThrow();
            BitSet differing = PageWorkload.differing(before.hashes(), PageWorkload.pageHashes(bytes, before.pageSize()));
            assertThat(differing.cardinality()).isPositive();
            assertThat(PageWorkload.missed(differing, changed).stream().toArray()).isEmpty();
        }
    }

    @Test
    void aCheckpointByAnotherProcessLeavesNoAnswer() throws Exception {
        var random = new Random(11);
        Moment before = markedWithWritesLeftInTheWal(random);
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        Process other = new ProcessBuilder(ChangeTrackingProcessMain.command("checkpoint",
                PageWorkload.settings(dir).databaseFile().toString())).redirectError(dir.resolve("other.err").toFile()).start();
        String said = new String(other.getInputStream().readAllBytes()).trim();
        assertThat(other.waitFor()).as(said).isZero();
        assertThat(said).as("the other process copied frames into the file").matches("0 \\d+ [1-9]\\d*");
        try (var frozen = snapshots.freeze().orElseThrow()) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }
    }

    @Test
    void aCheckpointByAnotherConnectionLeavesNoAnswer() throws Exception {
        var random = new Random(12);
        Moment before = markedWithWritesLeftInTheWal(random);
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + PageWorkload.settings(dir).databaseFile());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
            assertThat(rs.getInt(3)).as("frames copied by the other connection").isPositive();
        }
        try (var frozen = snapshots.freeze().orElseThrow()) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
            String fresh = frozen.changeMark().orElseThrow();
            assertThat(fresh).as("a new log").isNotEqualTo(before.mark());
        }
        // and from the new log's first mark on, answers come again
        Moment after = freezeAfter(random, 0);
        Moment later = freezeAfter(random, 30);
        try (var frozen = snapshots.freeze().orElseThrow()) {
            assertThat(frozen.changedSince(after.mark())).isPresent();
            assertThat(frozen.changedSince(later.mark())).isPresent();
        }
    }

    @Test
    void aReplacedDatabaseFileLeavesNoAnswer() throws Exception {
        var random = new Random(13);
        test = TestEngine.started(PageWorkload.settings(dir));
        PageWorkload.createTable(test);
        Moment before = freezeAfter(random, 100);
        test.close();
        // the same bytes in another file (as a restore or a copy would leave them)
        Path db = PageWorkload.settings(dir).databaseFile();
        Path copy = dir.resolve("copy.db");
        Files.copy(db, copy);
        Files.move(copy, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        test = TestEngine.started(PageWorkload.settings(dir));
        Moment after = freezeAfter(random, 10);
        assertThat(after.mark()).isNotEqualTo(before.mark());
        try (var frozen = new SqliteDatabaseSnapshots(test.engine).freeze().orElseThrow()) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
            assertThat(frozen.changedSince(after.mark())).isPresent();
        }
    }

    @Test
    void aDeletedCorruptedOrTrimmedLogLeavesNoAnswer() throws Exception {
        var random = new Random(14);
        test = TestEngine.started(PageWorkload.settings(dir));
        PageWorkload.createTable(test);
        Path logFile = ChangeTracker.logFile(PageWorkload.settings(dir).databaseFile());
        var snapshots = new SqliteDatabaseSnapshots(test.engine);

        // deleted while running
        Moment before = freezeAfter(random, 50);
        Files.delete(logFile);
        try (var frozen = freezeWith(snapshots, random, 20)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }

        // corrupted in the middle while running: one byte of a record in between
        before = freezeAfter(random, 50);
        for (int i = 0; i < 20; i++) {
            PageWorkload.step(test, random);
        }
        test.admin.checkpoint(CheckpointMode.PASSIVE);
        long length = Files.size(logFile);
        try (var file = new RandomAccessFile(logFile.toFile(), "rw")) {
            file.seek(length - 40);
            int b = file.read();
            file.seek(length - 40);
            file.write(b ^ 0x5a);
        }
        try (var frozen = freezeWith(snapshots, random, 0)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }

        // deleted while stopped
        before = freezeAfter(random, 30);
        test.close();
        Files.delete(logFile);
        test = TestEngine.started(PageWorkload.settings(dir));
        snapshots = new SqliteDatabaseSnapshots(test.engine);
        try (var frozen = freezeWith(snapshots, random, 20)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }

        // a torn tail while stopped (a crash of the machine mid-append)
        before = freezeAfter(random, 30);
        test.close();
        Files.write(logFile, new byte[] {0, 0, 0, 9, 1, 2}, java.nio.file.StandardOpenOption.APPEND);
        test = TestEngine.started(PageWorkload.settings(dir));
        snapshots = new SqliteDatabaseSnapshots(test.engine);
        try (var frozen = freezeWith(snapshots, random, 20)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }
        test.close();

        // trimmed: past its bound the log starts afresh
        test = TestEngine.unstarted(PageWorkload.settings(dir));
        test.engine.maxChangeLogBytes = 4 * 1024;
        test.engine.start();
        snapshots = new SqliteDatabaseSnapshots(test.engine);
        before = freezeAfter(random, 5);
        try (var frozen = freezeWith(snapshots, random, 5)) {
            assertThat(frozen.changedSince(before.mark())).as("still within the bound").isPresent();
        }
        String logId = before.mark().split("/")[2];
        int freezes = 0;
        while (freezeAfter(random, 20).mark().split("/")[2].equals(logId)) {
            assertThat(++freezes).as("the log was started afresh past its bound").isLessThan(100);
        }
        assertThat(Files.size(logFile)).isLessThan(4 * 1024);
        try (var frozen = freezeWith(snapshots, random, 20)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }
    }

    @Test
    void aMarkOfAnotherDatabaseOrNotAMarkAtAllGetsNoAnswer() throws Exception {
        var random = new Random(15);
        test = TestEngine.started(PageWorkload.settings(dir));
        PageWorkload.createTable(test);
        Moment mine = freezeAfter(random, 20);
        String other;
        try (TestEngine second = TestEngine.started(PageWorkload.settings(dir.resolve("other")))) {
            PageWorkload.createTable(second);
            try (var frozen = new SqliteDatabaseSnapshots(second.engine).freeze().orElseThrow()) {
                other = frozen.changeMark().orElseThrow();
                assertThat(frozen.changedSince(mine.mark())).isEmpty();
            }
        }
        try (var frozen = freezeWith(new SqliteDatabaseSnapshots(test.engine), random, 10)) {
            assertThat(frozen.changedSince(other)).isEmpty();
            assertThat(frozen.changedSince(mine.mark())).isPresent();
            String[] parts = mine.mark().split("/");
            for (String bad : List.of("", "nonsense", mine.mark() + "0", mine.mark().replace("/1/", "/2/"),
                    parts[0] + "/" + parts[1] + "/" + parts[2] + "/99999999", parts[0] + "/" + parts[1] + "/" + parts[2] + "/-1",
                    mine.mark() + "\n")) {
                assertThat(frozen.changedSince(bad)).as(bad).isEmpty();
            }
        }
    }

    @Test
    void aSecondEngineOnTheSameFileTracksNothingAndTheFirstSeesItsCheckpoints() throws Exception {
        var random = new Random(16);
        // the first engine without periodic checkpoints: one of its own (every 10 ms with PageWorkload's settings)
        // could copy the second engine's frames first, tracked, and then rightly answer with their pages. Once in
        // a fresh run it did, and this test, which is about the second engine's checkpoints, failed
        test = TestEngine.started(TestEngine.settings(dir));
        PageWorkload.createTable(test);
        Moment before = freezeAfter(random, 20);
        try (TestEngine second = TestEngine.started(PageWorkload.settings(dir))) {
            assertThat(second.engine.tracker().tracking()).isFalse();
            try (var frozen = new SqliteDatabaseSnapshots(second.engine).freeze().orElseThrow()) {
                assertThat(frozen.changeMark()).isEmpty();
                assertThat(frozen.changedSince(before.mark())).isEmpty();
            }
            for (int i = 0; i < 30; i++) {
                PageWorkload.step(second, random);
            }
            second.admin.checkpoint(CheckpointMode.PASSIVE);
        }
        try (var frozen = freezeWith(new SqliteDatabaseSnapshots(test.engine), random, 0)) {
            assertThat(frozen.changedSince(before.mark())).isEmpty();
        }
    }

    /** Starts an engine without periodic checkpoints, marks a moment, then leaves writes in the WAL for another to copy. */
    private Moment markedWithWritesLeftInTheWal(Random random) throws Exception {
        test = TestEngine.started(TestEngine.settings(dir));
        PageWorkload.createTable(test);
        Moment before = freezeAfter(random, 100);
        for (int i = 0; i < 50; i++) {
            PageWorkload.step(test, random);
        }
        return before;
    }

    /** Runs {@code steps} random writes, then freezes and returns the moment. */
    private Moment freezeAfter(Random random, int steps) throws Exception {
        try (var frozen = freezeWith(new SqliteDatabaseSnapshots(test.engine), random, steps)) {
            int pageSize = test.engine.onWriter(s -> (int) s.queryLong("PRAGMA page_size"));
            return new Moment(frozen.changeMark().orElseThrow(), PageWorkload.readAll(frozen), pageSize);
        }
    }

    private DatabaseSnapshots.Frozen freezeWith(SqliteDatabaseSnapshots snapshots, Random random, int steps) {
        for (int i = 0; i < steps; i++) {
            PageWorkload.step(test, random);
        }
        return snapshots.freeze().orElseThrow();
    }
}
