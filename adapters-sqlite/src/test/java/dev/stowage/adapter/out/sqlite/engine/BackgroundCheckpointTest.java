package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Checkpoints happen beside the writer (all but a long WAL's tail under steady writes), and only the engine runs them (see ChangeTracker). */
class BackgroundCheckpointTest {
    @TempDir
    Path dir;

    @Test
    void noConnectionCheckpointsOnItsOwn() throws Exception {
        try (TestEngine test = TestEngine.started(dir)) {
            int pages = test.engine.onWriter(session -> Integer.parseInt(session.queryString("PRAGMA wal_autocheckpoint")));
            assertThat(pages).isZero();
            var connections = new ConnectionFactory(TestEngine.settings(dir));
            for (Session session : new Session[] {connections.openReader(), connections.openCheckpointer()}) {
                try (session) {
                    assertThat(session.queryString("PRAGMA wal_autocheckpoint")).isEqualTo("0");
                }
            }
        }
    }

    @Test
    void aWalThatGrowsPastItsLimitIsCheckpointedInTheBackground() throws Exception {
        // The periodic checkpoint is an hour away here: only the WAL's size can trigger this one.
        try (TestEngine test = TestEngine.started(dir)) {
            String value = "x".repeat(64 * 1024);
            int rows = (int) (SqliteEngine.WAL_CHECKPOINT_BYTES / value.length()) + 16;
            for (int i = 0; i < rows; i++) {
                test.put("k" + i, value);
            }
            var passive = test.registry.get("stowage.sqlite.checkpoints").tag("mode", "passive").counter();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (passive.count() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(passive.count()).isGreaterThanOrEqualTo(1);
            assertThat(test.count()).isEqualTo(rows);
        }
    }

    @Test
    void aWalUnderSteadyWritesStartsOverWhileTheyGoOn() throws Exception {
        // A background checkpoint copies up to the moment it began, and the writer commits meanwhile:
        // only a fold on the writer lets SQLite start the log over. Without it the WAL grew without end.
        try (TestEngine test = TestEngine.started(dir)) {
            test.put("first", "x");
            assertThat(writeUntilTheWalStartsOver(test, 512L << 20)).as("bytes written before the WAL started over")
                    .isPositive();
            assertThat(test.count()).isEqualTo(65);
        }
    }

    @Test
    void aReaderHoldingAnOldSnapshotKeepsTheWalAndOnceItEndsTheWalStartsOver() throws Exception {
        try (TestEngine test = TestEngine.started(dir)) {
            test.put("first", "x");
            Session reader = new ConnectionFactory(TestEngine.settings(dir)).openReader();
            try (reader) {
                reader.jdbc().setAutoCommit(false);
                assertThat(reader.queryLong("SELECT count(*) FROM stowage_meta")).isEqualTo(1);
                // the reader's snapshot needs the file as it was: nothing written after it may be copied, so the
                // log cannot start over, and the writes go on regardless
                assertThat(writeUntilTheWalStartsOver(test, 64L << 20)).isEqualTo(-1);
                assertThat(reader.queryLong("SELECT count(*) FROM stowage_meta")).isEqualTo(1);
            }
            assertThat(writeUntilTheWalStartsOver(test, 512L << 20)).as("bytes written before the WAL started over")
                    .isPositive();
            assertThat(test.count()).isEqualTo(65);
        }
    }

    @Test
    void aCheckpointThatShutdownOvertakesEndsQuietly() throws Exception {
        // stop() closes the connections under a periodic checkpoint that is still running: its failure is the
        // shutdown's doing, not a fault to log at WARN with a stack trace (as every service stop did before)
        var logs = new ListAppender<ILoggingEvent>();
        var logger = (Logger) LoggerFactory.getLogger(SqliteEngine.class);
        logs.start();
        logger.addAppender(logs);
        try {
            TestEngine test = TestEngine.started(dir);
            test.put("first", "x");
            test.close();
            test.engine.periodicCheckpoint();
            assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
        } finally {
            logger.detachAppender(logs);
        }
    }

    /**
     * Writes 64 KiB values on a thread of its own, without a pause, until the WAL starts over (its
     * salt changes) or {@code limit} bytes are written; the bytes written by then, or -1 if it did not.
     */
    private long writeUntilTheWalStartsOver(TestEngine test, long limit) throws Exception {
        Path wal = TestEngine.settings(dir).walFile();
        long firstSalt = salt(wal);
        String filler = "x".repeat(64 * 1024);
        var written = new AtomicLong();
        var stop = new AtomicBoolean();
        CompletableFuture<Void> writing = CompletableFuture.runAsync(() -> {
            for (int i = 0; !stop.get() && written.get() < limit; i++) {
                // a value of its own each time: SQLite writes no page whose bytes an update leaves as they were
                String value = i + filler;
                test.put("k" + (i % 64), value);
                written.addAndGet(value.length());
            }
        });
        try {
            while (!writing.isDone()) {
                if (salt(wal) != firstSalt) {
                    return written.get();
                }
                Thread.sleep(5);
            }
            return salt(wal) != firstSalt ? written.get() : -1;
        } finally {
            stop.set(true);
            writing.get();
        }
    }

    /** The WAL header's first salt: SQLite changes it each time it starts the log over. */
    private static long salt(Path wal) throws IOException {
        // the WAL holds no lock of SQLite's (those are on the -shm file), so opening and closing it here is harmless
        try (FileChannel channel = FileChannel.open(wal, StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(WalFrames.HEADER_BYTES);
            while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
                // read on to the header's end
            }
            return header.getInt(16) & 0xffff_ffffL;
        }
    }
}
