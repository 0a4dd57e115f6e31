package dev.stowage.bootstrap.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.InvalidConfigException;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage.database.backend = postgres} in the assembly, on a real PostgreSQL: the database
 * tools run on it; the whole service refuses to start, naming the ports the adapter does not
 * implement yet, instead of starting half wired.
 */
class PostgresBackendTest {
    @TempDir
    Path dir;

    private StowageConfig config(TestPostgres.Database db) {
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.of(
                "STOWAGE_DATA_DIR", dir.toString(),
                "STOWAGE_DATABASE_BACKEND", "postgres",
                "STOWAGE_DATABASE_POSTGRES_URL", db.url(),
                "STOWAGE_DATABASE_POSTGRES_USER", db.user()), Map.of()));
    }

    @Test
    void theDatabaseToolsMigrateAndDescribeThePostgresDatabase() {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("bootstrap_tools");
        try (Stowage tools = Stowage.databaseTools(config(db))) {
            tools.start();
            DatabaseAdmin admin = tools.instance(DatabaseAdmin.class);
            assertThat(admin.info().pendingMigrations()).isNotEmpty();
            assertThat(admin.migrate()).isNotEmpty();
            DatabaseAdmin.DatabaseInfo info = admin.info();
            assertThat(info.pendingMigrations()).isEmpty();
            assertThat(info.journalMode()).startsWith("postgresql");
            assertThat(info.databasePath()).isEqualTo(db.url());
        }
    }

    @Test
    void theWholeServiceRefusesToAssembleAndNamesWhatThePostgresAdapterLacks() {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("bootstrap_service");
        StowageConfig config = config(db);
        assertThatThrownBy(() -> Stowage.tools(config))
                .isInstanceOfSatisfying(InvalidConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertThat(p).startsWith("stowage.database.backend: 'postgres' cannot run the "
                                + "whole service yet").contains("MetadataExport")
                                .doesNotContain("JobWorkStore", "JobTemplates", "Transactions", "DatabaseSnapshots")));
    }
}
