package dev.stowage.bootstrap.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.testing.TestPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the postgres backend the data folder holds no database, so a restore in place would write a
 * SQLite file nobody reads and report success. It is refused as bad usage, before anything is read or
 * written, with the way that works named.
 */
class BackupRestoreOnPostgresCliTest {
    @TempDir
    Path dir;

    @Test
    void aRestoreInPlaceIsRefusedAndNamesIntoAndDbCopy() throws IOException {
        TestPostgres.Database db = TestPostgres.shared().freshDatabase("restore_in_place");
        Path data = dir.resolve("data");
        Map<String, String> env = Map.of(
                "STOWAGE_DATABASE_BACKEND", "postgres",
                "STOWAGE_DATABASE_POSTGRES_URL", db.url(),
                "STOWAGE_DATABASE_POSTGRES_USER", db.user());

        CliRun r = CliRun.of(env, "backup", "restore", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--data-dir", data.toString());

        assertThat(r.exitCode()).as(r.transcript()).isEqualTo(2);
        assertThat(r.err()).as(r.transcript()).contains("refused on the postgres backend", "--into",
                "stowage db copy --to postgres");
        assertThat(r.out()).isEmpty();
        try (Stream<Path> files = Files.exists(data) ? Files.walk(data) : Stream.empty()) {
            assertThat(files.filter(f -> f.getFileName().toString().startsWith("stowage.db")))
                    .as("no SQLite database written into the data folder").isEmpty();
        }
    }
}
