package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.DatabaseAdmin.DatabaseInfo;
import dev.stowage.application.port.out.DatabaseAdmin.Location;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseAdminTest {
    @TempDir
    Path dir;

    @Test
    void theLocationIsTheConfiguredFileAndNeedsNoOpenEngine() {
        SqliteSettings s = TestEngine.settings(dir);
        // never started: a restore in place asks before the database is opened (it replaces it)
        var admin = TestEngine.unstarted(s).admin;

        assertThat(admin.location()).isEqualTo(new Location.InFile(s.databaseFile().toAbsolutePath().normalize()));
        assertThat(Files.exists(s.databaseFile())).as("nothing created").isFalse();
    }

    @Test
    void migrateAppliesWhatIsPendingOnceAndThenNothing() {
        SqliteSettings s = TestEngine.settings(dir);
        SqliteSettings manual = new SqliteSettings(s.databaseFile(), s.synchronous(), s.readPoolSize(),
                s.busyTimeout(), s.maxBusyRetries(), s.checkpointInterval(), false);
        try (TestEngine test = TestEngine.started(manual)) {
            DatabaseInfo before = test.admin.info();
            assertThat(before.schemaVersion()).isEqualTo("none");
            assertThat(before.pendingMigrations()).startsWith("1");

            assertThat(test.admin.migrate()).startsWith("1").isEqualTo(before.pendingMigrations());
            assertThat(test.admin.migrate()).isEmpty();

            DatabaseInfo after = test.admin.info();
            assertThat(after.pendingMigrations()).isEmpty();
            assertThat(after.schemaVersion()).isEqualTo(before.pendingMigrations()
                    .get(before.pendingMigrations().size() - 1));
            test.put("a", "1");
        }
    }

    @Test
    void aMigrateWhileRunningLeavesTheWriterFreeToTruncateTheWal() throws Exception {
        // as `stowage db migrate` does on a new data folder: the engine opens an empty file, then
        // Flyway (on a connection of its own) writes the schema
        SqliteSettings s = TestEngine.settings(dir);
        TestEngine test = TestEngine.started(new SqliteSettings(s.databaseFile(), s.synchronous(), s.readPoolSize(),
                s.busyTimeout(), s.maxBusyRetries(), s.checkpointInterval(), false));
        assertThat(test.admin.migrate()).isNotEmpty();

        // the writer's truncating checkpoint (the one stop runs) finds no one in its way
        CheckpointResult truncate = test.admin.checkpoint(CheckpointMode.TRUNCATE);
        test.engine.stop();

        assertThat(truncate.busy()).as("%s", truncate).isFalse();
    }

    @Test
    void aMigrateThatFailsPartWayLeavesTheWriterFreeToTruncateTheWalToo() throws Exception {
        SqliteSettings s = TestEngine.settings(dir);
        // a view with the name of a table a later migration creates: the earlier ones apply, that one fails
        Files.createDirectories(s.databaseFile().getParent());
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + s.databaseFile());
             var st = c.createStatement()) {
            st.execute("CREATE VIEW api_tokens AS SELECT 1 AS x");
        }
        TestEngine test = TestEngine.started(new SqliteSettings(s.databaseFile(), s.synchronous(), s.readPoolSize(),
                s.busyTimeout(), s.maxBusyRetries(), s.checkpointInterval(), false));
        assertThatThrownBy(test.admin::migrate).isInstanceOf(RuntimeException.class);
        assertThat(test.admin.info().schemaVersion()).isNotEqualTo("none"); // some did apply

        CheckpointResult truncate = test.admin.checkpoint(CheckpointMode.TRUNCATE);
        test.engine.stop();

        assertThat(truncate.busy()).as("%s", truncate).isFalse();
    }

    @Test
    void migrateOnStartLeavesNothingPendingAndAMigrateAfterwardsDoesNothing() {
        try (TestEngine test = TestEngine.started(dir)) {
            assertThat(test.admin.migrate()).isEmpty();
            assertThat(test.admin.info().pendingMigrations()).isEmpty();
        }
        // a restart on the same file finds the schema current
        try (TestEngine again = TestEngine.started(dir)) {
            assertThat(again.admin.migrate()).isEmpty();
        }
    }

    @Test
    void infoReportsTheFileTheModeAndTheSizes() {
        try (TestEngine test = TestEngine.started(dir)) {
            test.put("a", "1");

            DatabaseInfo info = test.admin.info();

            assertThat(info.schemaVersion()).isNotEqualTo("none");
            assertThat(info.databasePath()).isEqualTo(test.engine.settings().databaseFile().toString());
            assertThat(info.journalMode()).isEqualTo("wal");
            assertThat(info.synchronous()).isEqualTo("NORMAL");
            assertThat(info.databaseBytes()).isPositive();
            assertThat(info.walBytes()).isPositive();
        }
    }

    @Test
    void synchronousFullIsInForceWhenConfigured() {
        SqliteSettings s = TestEngine.settings(dir);
        SqliteSettings full = new SqliteSettings(s.databaseFile(), SqliteSettings.Synchronous.FULL,
                s.readPoolSize(), s.busyTimeout(), s.maxBusyRetries(), s.checkpointInterval(), true);
        try (TestEngine test = TestEngine.started(full)) {
            assertThat(test.admin.info().synchronous()).isEqualTo("FULL");
        }
    }

    @Test
    void aTruncatingCheckpointEmptiesTheWal() {
        try (TestEngine test = TestEngine.started(dir)) {
            for (int i = 0; i < 100; i++) {
                test.put("k" + i, "v".repeat(500));
            }
            assertThat(test.admin.info().walBytes()).isPositive();

            CheckpointResult passive = test.admin.checkpoint(CheckpointMode.PASSIVE);
            assertThat(passive.busy()).isFalse();
            assertThat(passive.copied()).isEqualTo(passive.walPages()).isPositive();

            CheckpointResult truncate = test.admin.checkpoint(CheckpointMode.TRUNCATE);
            assertThat(truncate.busy()).isFalse();
            assertThat(test.admin.info().walBytes()).isZero();
            assertThat(test.count()).isEqualTo(100);

            assertThat(test.registry.get("stowage.sqlite.checkpoints").tag("mode", "passive").counter().count())
                    .isEqualTo(1);
            assertThat(test.registry.get("stowage.sqlite.checkpoints").tag("mode", "truncate").counter().count())
                    .isEqualTo(1);
        }
    }

    @Test
    void passiveCheckpointsRunOnTheConfiguredInterval() throws Exception {
        SqliteSettings s = TestEngine.settings(dir);
        SqliteSettings often = new SqliteSettings(s.databaseFile(), s.synchronous(), s.readPoolSize(),
                s.busyTimeout(), s.maxBusyRetries(), Duration.ofMillis(20), true);
        try (TestEngine test = TestEngine.started(often)) {
            test.put("a", "1");
            var passive = test.registry.get("stowage.sqlite.checkpoints").tag("mode", "passive").counter();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (passive.count() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(passive.count()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void stopDrainsWritesAndLeavesNoWalBehind() throws Exception {
        TestEngine test = TestEngine.started(dir);
        test.put("a", "1");
        Path wal = test.engine.settings().walFile();
        assertThat(wal).exists();

        test.engine.stop();

        assertThat(!Files.exists(wal) || Files.size(wal) == 0).as("WAL gone or empty").isTrue();
        test.engine.stop();
    }

    @Test
    void everyMeterIsRegisteredFromTheStart() {
        try (TestEngine test = TestEngine.started(dir)) {
            test.put("a", "1");
            test.get("a");

            assertThat(test.registry.get("stowage.sqlite.write.transaction").timer().count()).isEqualTo(1);
            assertThat(test.registry.get("stowage.sqlite.group.commit.batch.size").summary().count()).isEqualTo(1);
            assertThat(test.registry.get("stowage.sqlite.commits").counter().count()).isEqualTo(1);
            assertThat(test.registry.get("stowage.sqlite.busy.retries").counter().count()).isZero();
            assertThat(test.registry.get("stowage.sqlite.read.pool.in.use").gauge().value()).isZero();
            assertThat(test.registry.get("stowage.sqlite.wal.size").gauge().value()).isPositive();
            assertThat(test.registry.get("stowage.sqlite.write.queue").gauge().value()).isZero();
            assertThat(test.registry.get("stowage.sqlite.checkpoints").counters()).hasSize(3);
        }
    }

    @Test
    void healthIsUpWithTheSchemaAndWalFactsAndDownOnceStopped() {
        TestEngine test = TestEngine.started(dir);
        DatabaseHealth health = new DatabaseHealth(test.engine);
        String version = test.admin.info().schemaVersion();

        ComponentHealth up = health.check();

        assertThat(health.component()).isEqualTo("database");
        assertThat(up.up()).isTrue();
        assertThat(up.details()).containsEntry("schemaVersion", version)
                .containsEntry("journalMode", "wal")
                .containsKey("walBytes");
        test.close();
        assertThat(health.check().up()).isFalse();
    }
}
