package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.domain.error.StorageUnavailableException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up fast path: Flyway is skipped only when the schema history records exactly this
 * build's migrations; in every other case it migrates and validates as before.
 */
class MigrationsTest {
    @TempDir
    Path dir;

    private TestEngine test;

    @AfterEach
    void close() {
        if (test != null) {
            test.close();
        }
    }

    private SqliteSettings settings() {
        return TestEngine.settings(dir);
    }

    private String url() throws SQLException {
        try {
            Files.createDirectories(settings().databaseFile().getParent());
        } catch (IOException e) {
            throw new SQLException(e);
        }
        return "jdbc:sqlite:" + settings().databaseFile();
    }

    /** version, script, checksum of each history row, in order. */
    private List<String> history() throws SQLException {
        var rows = new ArrayList<String>();
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version, script, checksum, success FROM flyway_schema_history"
                     + " ORDER BY installed_rank")) {
            while (r.next()) {
                rows.add(r.getString(1) + " " + r.getString(2) + " " + r.getInt(3) + " " + r.getInt(4));
            }
        }
        return rows;
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = DriverManager.getConnection(url()); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    /** Starts an engine on the file, then stops it; returns whether its start used Flyway. */
    private boolean startUsedFlyway() {
        test = TestEngine.started(settings());
        boolean used = test.engine.migrations().flywayConfigured();
        test.close();
        test = null;
        return used;
    }

    @Test
    void theChecksumsAreTheOnesFlywayRecords() throws Exception {
        assertThat(startUsedFlyway()).as("a new file is migrated by Flyway").isTrue();
        List<Migrations.Script> scripts = Migrations.scripts();
        assertThat(scripts).isNotNull().isNotEmpty();
        assertThat(history()).containsExactlyElementsOf(scripts.stream()
                .map(m -> m.version() + " " + m.name() + " " + m.checksum() + " 1").toList());
    }

    @Test
    void anUpToDateSchemaIsStartedWithoutFlyway() throws Exception {
        startUsedFlyway();
        List<String> before = history();
        assertThat(startUsedFlyway()).isFalse();
        assertThat(history()).isEqualTo(before);
        // the engine works on it as usual
        test = TestEngine.started(settings());
        test.put("k", "v");
        assertThat(test.get("k")).contains("v");
    }

    @Test
    void aNewerMigrationInTheBuildIsApplied() throws Exception {
        List<Migrations.Script> scripts = Migrations.scripts();
        var previous = scripts.get(scripts.size() - 2);
        Flyway.configure().dataSource(url(), null, null).locations("classpath:db/migration")
                .target(String.valueOf(previous.version())).load().migrate();
        assertThat(history()).hasSize(scripts.size() - 1);

        assertThat(startUsedFlyway()).isTrue();
        assertThat(history()).hasSize(scripts.size()).last().asString()
                .startsWith(scripts.get(scripts.size() - 1).version() + " ");
    }

    @Test
    void aTamperedChecksumIsStillRefusedByFlywaysValidation() throws Exception {
        startUsedFlyway();
        sql("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '3'");
        assertThatThrownBy(() -> TestEngine.started(settings()))
                .isInstanceOf(StorageUnavailableException.class)
                .hasMessageContaining("checksum mismatch");
    }

    @Test
    void aRenamedScriptOrAFailedRowIsLeftToFlyway() throws Exception {
        startUsedFlyway();
        sql("UPDATE flyway_schema_history SET script = 'V2__other.sql' WHERE version = '2'");
        assertThat(upToDate()).isFalse();
        sql("UPDATE flyway_schema_history SET script = 'V2__queue.sql' WHERE version = '2'");
        assertThat(upToDate()).isTrue();
        sql("UPDATE flyway_schema_history SET success = 0 WHERE version = '12'");
        assertThat(upToDate()).isFalse();
        sql("UPDATE flyway_schema_history SET success = 1 WHERE version = '12'");
        sql("INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                + "installed_by, installed_on, execution_time, success) SELECT max(installed_rank) + 1, '999', "
                + "'future', 'SQL', 'V999__future.sql', 0, 'test', CURRENT_TIMESTAMP, 1, 1 FROM flyway_schema_history");
        assertThat(upToDate()).as("a database of a newer build").isFalse();
        sql("DELETE FROM flyway_schema_history WHERE version = '999'");
        sql("UPDATE flyway_schema_history SET checksum = NULL WHERE version = '1'");
        assertThat(upToDate()).isFalse();
    }

    @Test
    void aFreshFileIsNotUpToDate() throws Exception {
        sql("CREATE TABLE unrelated (x)");
        assertThat(upToDate()).isFalse();
    }

    private boolean upToDate() throws SQLException {
        var migrations = new Migrations(new ConnectionFactory(settings()).migrationDataSource());
        try (Connection c = DriverManager.getConnection(url())) {
            return migrations.upToDate(c);
        }
    }
}
