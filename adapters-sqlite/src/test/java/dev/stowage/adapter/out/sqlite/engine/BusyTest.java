package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.domain.error.StorageUnavailableException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Another connection, as a second process would, holds the write lock on the same file. */
class BusyTest {
    @TempDir
    Path dir;

    @Test
    void aLockHeldBeyondTheRetriesIsReportedUnavailableAndTheEngineRecovers() throws Exception {
        SqliteSettings settings = withRetries(TestEngine.settings(dir), Duration.ofMillis(20), 2);
        try (TestEngine test = TestEngine.started(settings);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile())) {
            execute(other, "BEGIN IMMEDIATE");

            assertThatThrownBy(() -> test.put("a", "1"))
                    .isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("locked");
            assertThat(test.registry.get("stowage.sqlite.busy.retries").counter().count()).isEqualTo(2);

            execute(other, "COMMIT");
            test.put("a", "1");
            assertThat(test.get("a")).contains("1");
        }
    }

    @Test
    void aLockReleasedWithinTheRetriesIsWaitedFor() throws Exception {
        SqliteSettings settings = withRetries(TestEngine.settings(dir), Duration.ofMillis(20), 30);
        try (TestEngine test = TestEngine.started(settings);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile())) {
            execute(other, "BEGIN IMMEDIATE");
            execute(other, "INSERT INTO stowage_meta (key, value) VALUES ('other', 'x')");

            CompletableFuture<Void> write = CompletableFuture.runAsync(() -> test.put("a", "1"));
            // commit only once the engine has run into the lock at least once
            while (test.registry.get("stowage.sqlite.busy.retries").counter().count() < 1) {
                Thread.sleep(5);
            }
            execute(other, "COMMIT");
            write.get(30, TimeUnit.SECONDS);

            assertThat(test.get("a")).contains("1");
            assertThat(test.get("other")).contains("x");
        }
    }

    @Test
    void readsAreNotBlockedByAnotherConnectionsWriteLock() throws Exception {
        SqliteSettings settings = withRetries(TestEngine.settings(dir), Duration.ofMillis(20), 0);
        try (TestEngine test = TestEngine.started(settings);
             Connection other = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile())) {
            test.put("a", "1");
            execute(other, "BEGIN IMMEDIATE");
            execute(other, "UPDATE stowage_meta SET value = '2' WHERE key = 'a'");

            assertThat(test.get("a")).contains("1");
            execute(other, "ROLLBACK");
        }
    }

    private static SqliteSettings withRetries(SqliteSettings s, Duration busyTimeout, int retries) {
        return new SqliteSettings(s.databaseFile(), s.synchronous(), s.readPoolSize(), busyTimeout, retries,
                s.checkpointInterval(), s.migrateOnStart());
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
