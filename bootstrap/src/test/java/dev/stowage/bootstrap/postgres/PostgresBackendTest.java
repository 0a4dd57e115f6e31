package dev.stowage.bootstrap.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenScopes;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.testing.TestPostgres;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code stowage.database.backend = postgres} in the assembly, on a real PostgreSQL: the database
 * tools run on it, and a backup taken there (its export written into a snapshot file) restores
 * into a SQLite data folder that serves the same documents, tokens and jobs.
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
    void aBackupOfThePostgresDatabaseRestoresIntoASqliteFolderWithTheSameDocumentsTokensAndJobs() throws Exception {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("bootstrap_backup");
        Document doc;
        ApiToken token;
        Job job;
        Backup backup;
        try (Stowage pg = Stowage.tools(config(db))) {
            pg.start();
            doc = pg.documents().upload("ana", "q3.txt", "text/plain",
                    new ByteArrayInputStream("figures".getBytes(StandardCharsets.UTF_8)));
            token = pg.instance(ManageTokensUseCase.class).issue(new UserId("ana"), false, TokenScopes.none(), "laptop").token();
            // as stored (instants in microseconds on both engines), not as the enqueue returned it
            job = pg.queue().job(pg.queue().enqueue("renders", "render", "{\"page\":7}").id());

            backup = pg.backups().create("on-postgres");
            assertThat(backup.status()).isEqualTo(BackupStatus.COMPLETE);
            assertThat(backup.counts()).containsEntry("documents", 1L).containsEntry("api_tokens", 1L)
                    .containsEntry("jobs", 1L);
            assertThat(pg.backups().verify(backup.id()).ok()).isTrue();

            var restored = pg.instance(ManageBackupsUseCase.class).restore(backup.id(), dir.resolve("restored"));
            assertThat(restored.blobs()).isEqualTo(1);
        }

        try (Stowage sqlite = Stowage.tools(ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(),
                Map.of("STOWAGE_DATA_DIR", dir.resolve("restored").toString()), Map.of())))) {
            sqlite.start();
            assertThat(sqlite.documents().get("ana", doc.id())).isEqualTo(doc);
            try (var content = sqlite.documents().download("ana", doc.id()).bytes()) {
                assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("figures");
            }
            assertThat(sqlite.instance(ManageTokensUseCase.class).list()).containsExactly(token);
            assertThat(sqlite.queue().job(job.id())).isEqualTo(job);
        }
    }
}
