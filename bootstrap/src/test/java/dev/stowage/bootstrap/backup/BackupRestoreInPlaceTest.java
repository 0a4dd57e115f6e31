package dev.stowage.bootstrap.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.backup.RestoreResult;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.InPlaceRestoreRefusedException;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.testing.TestPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore use case's in place, whoever calls it (the CLI, the embedding API): it asks the
 * database where the live database is. A SQLite file in a data folder is replaced; a PostgreSQL
 * database, which no data folder holds, is refused before anything is read or written, with the way
 * that works named.
 */
class BackupRestoreInPlaceTest {
    private static final BackupId SOME_BACKUP = new BackupId("01ARZ3NDEKTSV4RRFFQ69G5FAV");

    @TempDir
    Path dir;

    @Test
    void onSqliteTheDataFolderOfTheLiveFileIsRestoredInPlace() throws Exception {
        Path data = dir.resolve("data");
        Backup backup;
        Document kept;
        try (var fx = BackupFixture.open(data, data.resolve("backups"))) {
            kept = fx.upload(5000);
            backup = fx.backups().create("before");
            fx.upload(6000);
        }
        assertThat(BackupFixture.rows(data.resolve("stowage.db")).get("documents")).hasSize(2);

        try (Stowage tools = Stowage.tools(config(Map.of()))) {
            // not started: a restore in place replaces the database, so it must not be open
            RestoreResult result = tools.backups().restoreInPlace(backup.id());
            assertThat(result.dataDir()).isEqualTo(data.toAbsolutePath().normalize());
        }

        var documents = BackupFixture.rows(data.resolve("stowage.db")).get("documents");
        assertThat(documents).hasSize(1);
        assertThat(documents.get(0).get(0)).isEqualTo(kept.id().value());
    }

    @Test
    void onSqliteADatabaseFileOutsideTheDataFolderLayoutIsRefusedUntouched() throws Exception {
        Path file = dir.resolve("elsewhere/meta.db");
        try (Stowage tools = Stowage.tools(config(Map.of("STOWAGE_DATABASE_PATH", file.toString())))) {
            assertThatThrownBy(() -> tools.instance(ManageBackupsUseCase.class).restoreInPlace(SOME_BACKUP))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("meta.db").hasMessageContaining("restore into a new folder");
        }
        assertNoDatabaseWritten(dir.resolve("elsewhere"));
    }

    @Test
    void onPostgresARestoreInPlaceIsRefusedWithATypedErrorBeforeAnythingIsRead() throws Exception {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("restore_in_place_service");
        try (Stowage tools = Stowage.tools(config(Map.of(
                "STOWAGE_DATABASE_BACKEND", "postgres",
                "STOWAGE_DATABASE_POSTGRES_URL", db.url(),
                "STOWAGE_DATABASE_POSTGRES_USER", db.user())))) {
            // a backup id that does not exist: the refusal comes first, not a not-found
            assertThatThrownBy(() -> tools.backups().restoreInPlace(SOME_BACKUP))
                    .isInstanceOf(InPlaceRestoreRefusedException.class)
                    .hasMessageContaining("refused on the postgres backend")
                    .hasMessageContaining("--into")
                    .hasMessageContaining("'stowage db copy --to postgres'")
                    .satisfies(e -> assertThat(((StowageException) e).code()).isEqualTo(ErrorCode.STATE_CONFLICT));
        }
        assertNoDatabaseWritten(dir.resolve("data"));
    }

    private StowageConfig config(Map<String, String> more) {
        var env = new HashMap<>(more);
        env.put("STOWAGE_DATA_DIR", dir.resolve("data").toString());
        return ConfigLoader.load(new ConfigLoader.Sources(Optional.empty(), Map.copyOf(env), Map.of()));
    }

    private static void assertNoDatabaseWritten(Path folder) throws Exception {
        try (Stream<Path> files = Files.exists(folder) ? Files.walk(folder) : Stream.empty()) {
            assertThat(files.filter(f -> f.getFileName().toString().contains(".db")))
                    .as("no database file written").isEmpty();
        }
    }
}
