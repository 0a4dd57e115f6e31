package dev.stowage.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.service.MaintenanceLeader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MaintenanceLeaderTest {
    /** Longer than any test: only the rounds a test asks for happen. */
    private static final Duration HOURLY = Duration.ofHours(1);

    private final InMemoryLeadership.Election election = new InMemoryLeadership.Election();
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger jul = Logger.getLogger(MaintenanceLeader.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            if (r.getLevel().intValue() >= Level.INFO.intValue()) {
                lines.add(r.getLevel() + " " + r.getMessage());
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void listen() {
        jul.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        jul.removeHandler(capture);
    }

    @Test
    void aLoneInstanceLeadsFromStartAndRunsMaintenance() {
        var leader = new MaintenanceLeader(election.candidate("a"), HOURLY);
        leader.start();
        try {
            assertThat(leader.isLeader()).isTrue();
            var runs = new AtomicInteger();
            assertThat(leader.runIfLeader(runs::incrementAndGet)).isTrue();
            assertThat(runs).hasValue(1);
        } finally {
            leader.stop();
        }
        assertThat(lines).containsExactly(
                "INFO this instance is now the maintenance leader (in-memory election, candidate a)",
                "INFO this instance is no longer the maintenance leader: it is stopping");
    }

    @Test
    void aFollowerRunsNothingUntilTheLeaderStopsThenTakesOver() {
        var a = new MaintenanceLeader(election.candidate("a"), HOURLY);
        var b = new MaintenanceLeader(election.candidate("b"), HOURLY);
        a.start();
        b.start();
        try {
            var runs = new AtomicInteger();
            assertThat(b.runIfLeader(runs::incrementAndGet)).isFalse();
            assertThat(runs).hasValue(0);
            assertThat(b.isLeader()).isFalse();

            a.stop();

            assertThat(b.runIfLeader(runs::incrementAndGet)).isTrue();
            assertThat(runs).hasValue(1);
            assertThat(a.runIfLeader(runs::incrementAndGet)).as("a stopped instance never leads").isFalse();
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(lines).containsExactly(
                "INFO this instance is now the maintenance leader (in-memory election, candidate a)",
                "INFO this instance is no longer the maintenance leader: it is stopping",
                "INFO this instance is now the maintenance leader (in-memory election, candidate b)",
                "INFO this instance is no longer the maintenance leader: it is stopping");
    }

    @Test
    void aLostHoldIsLoggedOnceAndTheNextRoundMayTakeItAgain() {
        var a = new MaintenanceLeader(election.candidate("a"), HOURLY);
        a.start();
        try {
            election.dropHolder();
            assertThat(a.check()).isFalse();
            assertThat(a.check()).as("nobody else took it").isTrue();
        } finally {
            a.stop();
        }
        assertThat(lines).containsExactly(
                "INFO this instance is now the maintenance leader (in-memory election, candidate a)",
                "INFO this instance is no longer the maintenance leader: its hold on in-memory election, candidate a was lost",
                "INFO this instance is now the maintenance leader (in-memory election, candidate a)",
                "INFO this instance is no longer the maintenance leader: it is stopping");
    }

    @Test
    void roundsTakeOverFromALeaderThatDiedWithoutAWord() throws InterruptedException {
        var a = new MaintenanceLeader(election.candidate("a"), HOURLY);
        var b = new MaintenanceLeader(election.candidate("b"), Duration.ofMillis(20));
        a.start();
        b.start();
        try {
            election.dropHolder(); // a's connection died: b's own rounds find the leadership free
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!b.isLeader() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(b.isLeader()).isTrue();
            assertThat(a.check()).as("a learns it lost the hold at its next ask").isFalse();
        } finally {
            a.stop();
            b.stop();
        }
        assertThat(lines).contains(
                "INFO this instance is no longer the maintenance leader: its hold on in-memory election, candidate a was lost");
    }
}
