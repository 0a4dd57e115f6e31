package dev.stowage.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two {@code serve} processes on one SQLite database file (each with a data folder of its own, as
 * the data folder's lock requires) elect one maintenance leader; when the leader is killed with
 * SIGKILL the other takes over, and each says so in one line of its log.
 */
class LeaderHandoverProcessTest {
    private static final int KILLED = 137;
    private static final String LEADS = "this instance is now the maintenance leader";

    @TempDir
    Path dir;

    @Test
    void theSecondServeFollowsUntilTheLeaderIsKilledThenLeads() throws Exception {
        Path database = dir.resolve("shared").resolve("stowage.db");
        Map<String, String> env = Map.of("STOWAGE_DATABASE_PATH", database.toString());
        try (ServeProcess a = ServeProcess.start(dir.resolve("a"), dir.resolve("a.txt"), env)) {
            a.awaitServingPort();
            a.awaitStderr(LEADS);
            assertThat(a.stderr()).contains("(SQLite lock file " + database + "-leader)");

            try (ServeProcess b = ServeProcess.start(dir.resolve("b"), dir.resolve("b.txt"), env)) {
                b.awaitServingPort();
                assertThat(b.stderr()).as("the leader is alive").doesNotContain(LEADS);

                a.process.destroyForcibly();
                assertThat(a.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(a.process.exitValue()).isEqualTo(KILLED);

                b.awaitStderr(LEADS); // at its next round: the kernel freed the dead leader's lock

                b.process.destroy(); // SIGTERM: the leadership is given up with a line of its own
                assertThat(b.process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(b.process.exitValue()).as(b.stderr()).isZero();
                assertThat(b.stderr()).containsOnlyOnce(LEADS)
                        .containsOnlyOnce("this instance is no longer the maintenance leader: it is stopping");
            }
        }
    }
}
