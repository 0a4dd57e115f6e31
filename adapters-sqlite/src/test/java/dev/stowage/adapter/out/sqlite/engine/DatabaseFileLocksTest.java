package dev.stowage.adapter.out.sqlite.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.SqliteSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite's POSIX locks on the live database file outlast everything Stowage does to that file beside
 * SQLite: frozen snapshots' reads and the change tracker's time stamps. On Linux, closing any
 * descriptor of a file drops every lock the process holds on it; SQLite would not know, and another
 * process closing its last connection would then find the file unlocked, take it for its own,
 * checkpoint it and delete the WAL that our connections still write to. Here that other process
 * runs after many freezes and tracked checkpoints, with commits of ours still in the WAL: the
 * {@code sqlite3} shell, as an operator would run it ({@code .ci/install-test-deps} installs it). With
 * a descriptor opened and closed beside SQLite (as frozen snapshots did before), the shell deleted
 * our WAL here.
 */
class DatabaseFileLocksTest {
    @TempDir
    Path dir;

    @Test
    void anotherProcessClosingItsConnectionLeavesOurWalAlone() throws Exception {
        var random = new Random(21);
        var settings = PageWorkload.settings(dir);
        try (TestEngine test = TestEngine.started(settings)) {
            writeWhileAnotherProcessVisits(test, settings, random);
        }
        try (TestEngine reopened = TestEngine.started(settings)) {
            long kept = reopened.engine.onWriter(s -> s.queryLong("SELECT count(*) FROM pages_test WHERE id = -1"));
            assertThat(kept).as("the row committed after the other process closed").isEqualTo(1);
        }
    }

    /** Freezes and writes, lets the {@code sqlite3} shell open and close the database, then commits one row more. */
    private void writeWhileAnotherProcessVisits(TestEngine test, SqliteSettings settings, Random random) throws Exception {
        PageWorkload.createTable(test);
        var snapshots = new SqliteDatabaseSnapshots(test.engine);
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 40; i++) {
                PageWorkload.step(test, random);
            }
            try (var frozen = snapshots.freeze().orElseThrow()) {
                PageWorkload.readAll(frozen);
            }
        }
        for (int i = 0; i < 40; i++) {
            PageWorkload.step(test, random);
        }
        Path wal = settings.walFile();
        assertThat(wal).as("our last commits are in the WAL").exists();
        assertThat(Files.size(wal)).isPositive();

        Process other = new ProcessBuilder("sqlite3", settings.databaseFile().toString(), "select count(*) from sqlite_schema;")
                .redirectError(dir.resolve("other.err").toFile()).start();
        String said = new String(other.getInputStream().readAllBytes()).trim();
        assertThat(other.waitFor()).as(said).isZero();

        assertThat(wal).as("the other process did not take the database for its own and delete our WAL").exists();
        assertThat(Files.size(wal)).isPositive();
        // and what we commit afterwards is kept: the WAL we write to is the file's
        test.db.writeSession(s -> {
            s.execute("INSERT INTO pages_test (id, v) VALUES (-1, x'2a')");
            return null;
        });
    }
}
