package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.Location;
import dev.stowage.testing.TestPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checkpoints on a real server: PASSIVE (what a backup asks for) leaves the server alone, FULL and
 * TRUNCATE run {@code CHECKPOINT}, and a role without the right to it gets "busy", not an error.
 * Whether a checkpoint ran is read from the control file ({@code pg_control_checkpoint()}), which the
 * server updates before {@code CHECKPOINT} returns.
 */
class PgDatabaseAdminTest {
    private static TestPostgres.Database database;
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        database = PgTestDatabase.migrated("admin");
        engine = new PgEngine(PgTestDatabase.settings(database));
        engine.start();
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    private static String lastCheckpoint() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT checkpoint_lsn::text FROM pg_control_checkpoint()")) {
            r.next();
            return r.getString(1);
        }
    }

    private static void write() throws SQLException {
        try (Connection c = database.connect(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO stowage_meta (key, value) VALUES ('k' || clock_timestamp()::text, 'v')");
        }
    }

    @Test
    void theLocationIsTheServerWithTheCommandThatCopiesADataFolderIn() {
        assertThat(new PgDatabaseAdmin(engine).location())
                .isEqualTo(new Location.OnServer("postgres", "stowage db copy --to postgres"));
    }

    @Test
    void aPassiveCheckpointLeavesTheServerAlone() throws SQLException {
        write();
        String before = lastCheckpoint();

        var result = new PgDatabaseAdmin(engine).checkpoint(CheckpointMode.PASSIVE);

        assertThat(result.busy()).isFalse();
        assertThat(lastCheckpoint()).isEqualTo(before);
    }

    @Test
    void aTruncateCheckpointRunsOneOnTheServer() throws SQLException {
        write();
        String before = lastCheckpoint();

        var result = new PgDatabaseAdmin(engine).checkpoint(CheckpointMode.TRUNCATE);

        assertThat(result.busy()).isFalse();
        assertThat(lastCheckpoint()).isNotEqualTo(before);
    }

    @Test
    void aRoleWithoutTheRightGetsBusyAndNoError() throws SQLException {
        TestPostgres.shared().admin(s -> {
            s.execute("DROP ROLE IF EXISTS stowage_no_checkpoint");
            s.execute("CREATE ROLE stowage_no_checkpoint LOGIN PASSWORD 'not-a-secret'");
        });
        PostgresSettings limited = PostgresSettings.defaults(database.url(), "stowage_no_checkpoint", "not-a-secret");
        PgEngine other = new PgEngine(limited);
        String before = lastCheckpoint();

        var result = new PgDatabaseAdmin(other).checkpoint(CheckpointMode.FULL);

        assertThat(result.busy()).isTrue();
        assertThat(lastCheckpoint()).isEqualTo(before);
    }
}
