package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.in.token.ManageTokensUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.token.ApiToken;
import dev.stowage.domain.token.TokenScopes;
import dev.stowage.testing.TestPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the postgres backend the data folder holds no database, so a restore in place would write a
 * SQLite file nobody reads and report success. It is refused as bad usage, before anything is read or
 * written, with the way that works named; and that way (restore {@code --into} a new folder, then
 * {@code db copy --to postgres}) brings a PostgreSQL deployment's backup back into a new PostgreSQL
 * database.
 */
class BackupRestoreOnPostgresCliTest {
    @TempDir
    Path dir;

    @Test
    void aRestoreInPlaceIsRefusedAndNamesIntoAndDbCopy() throws IOException {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("restore_in_place");
        Path data = dir.resolve("data");
        CliRun r = CliRun.of(env(db), "backup", "restore", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--data-dir", data.toString());

        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
        assertThat(r.err()).as(r.transcript()).contains("refused on the postgres backend", "--into",
                "stowage db copy --to postgres");
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.exists(data) ? Files.walk(data) : Stream.empty()) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("stowage.db")))
                    .as("no SQLite database written into the data folder").isEmpty();
        }
    }

    @Test
    void aBackupOfOnePostgresDatabaseComesBackIntoANewOneThroughIntoAndDbCopy() throws IOException {
        TestPostgres.Database lost = TestPostgres.shared().freshDatabase("restore_from");
        TestPostgres.Database fresh = TestPostgres.shared().freshDatabase("restore_to");
        Path data = dir.resolve("data");
        Path restored = dir.resolve("restored");
        Document doc;
        ApiToken token;
        Job job;
        Backup backup;
        try (Stowage pg = Stowage.tools(config(lost, data))) {
            pg.start();
            doc = pg.documents().upload("ana", "q3.txt", "text/plain",
                    new ByteArrayInputStream("figures".getBytes(StandardCharsets.UTF_8)));
            token = pg.instance(ManageTokensUseCase.class).issue(new UserId("ana"), false, TokenScopes.none(), "laptop")
                    .token();
            job = pg.queue().job(pg.queue().enqueue("renders", "render", "{\"page\":7}").id());
            backup = pg.backups().create("before-the-move");
        }

        CliRun restore = CliRun.of(env(lost), "backup", "restore", backup.id().value(), "--into", restored.toString(),
                "--data-dir", data.toString());
        assertThat(restore.exitCode()).as(restore.transcript()).isZero();
        Path passwordFile = Files.writeString(dir.resolve("pg-password"), fresh.password() + "\n");
        CliRun copy = CliRun.of(Map.of(), "db", "copy", "--to", "postgres", "--url", fresh.url(), "--user", fresh.user(),
                "--password-file", passwordFile.toString(), "--data-dir", restored.toString());
        assertThat(copy.exitCode()).as(copy.transcript()).isZero();

        // the new database, with the restored folder's blobs, answers as the lost one did
        try (Stowage back = Stowage.tools(config(fresh, restored))) {
            back.start();
            assertThat(back.documents().get("ana", doc.id())).isEqualTo(doc);
            try (var content = back.documents().download("ana", doc.id()).bytes()) {
                assertThat(new String(content.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("figures");
            }
            assertThat(back.instance(ManageTokensUseCase.class).list()).containsExactly(token);
            assertThat(back.queue().job(job.id())).isEqualTo(job);
        }
    }

    private static Map<String, String> env(TestPostgres.Database db) {
        return Map.of(
                "STOWAGE_DATABASE_BACKEND", "postgres",
                "STOWAGE_DATABASE_POSTGRES_URL", db.url(),
                "STOWAGE_DATABASE_POSTGRES_USER", db.user());
    }

    private static StowageConfig config(TestPostgres.Database db, Path data) {
        Map<String, String> env = new HashMap<>(env(db));
        env.put("STOWAGE_DATA_DIR", data.toString());
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), env, Map.of()));
    }
}
