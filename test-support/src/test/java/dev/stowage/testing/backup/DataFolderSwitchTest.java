package dev.stowage.testing.backup;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.service.backup.DataFolderSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A restore's switch interrupted at each point is finished forward by recovery, and nothing else moves. */
class DataFolderSwitchTest {
    @TempDir
    Path dir;

    @Test
    void aFolderWithoutAJournalIsLeftAlone() throws Exception {
        Path data = oldState();

        assertThat(DataFolderSwitch.recover(data)).isFalse();

        assertThat(data.resolve("stowage.db")).hasContent("old db");
    }

    @Test
    void killedInPhaseABeforeAnyMoveTheNewStateIsSwitchedIn() throws Exception {
        Path data = oldState();
        stagedState();
        journal(data, "A");

        assertThat(DataFolderSwitch.recover(data)).isTrue();

        assertNewState(data);
    }

    @Test
    void killedInPhaseAHalfWayTheNewStateIsSwitchedIn() throws Exception {
        Path data = oldState();
        stagedState();
        Path previous = Files.createDirectories(dir.resolve("data.previous-x"));
        Files.move(data.resolve("stowage.db"), previous.resolve("stowage.db"));
        journal(data, "A");

        assertThat(DataFolderSwitch.recover(data)).isTrue();

        assertNewState(data);
    }

    @Test
    void killedInPhaseBHalfWayTheNewStateIsSwitchedIn() throws Exception {
        Path data = oldState();
        Path staging = stagedState();
        Path previous = Files.createDirectories(dir.resolve("data.previous-x"));
        Files.move(data.resolve("stowage.db"), previous.resolve("stowage.db"));
        Files.move(data.resolve("stowage.db-wal"), previous.resolve("stowage.db-wal"));
        Files.move(data.resolve("stowage.db-changes"), previous.resolve("stowage.db-changes"));
        Files.move(data.resolve("blobs"), previous.resolve("blobs"));
        Files.move(staging.resolve("stowage.db"), data.resolve("stowage.db"));
        journal(data, "B");

        assertThat(DataFolderSwitch.recover(data)).isTrue();

        assertNewState(data);
    }

    @Test
    void aDamagedJournalNamingAFolderElsewhereIsRefused() throws Exception {
        Path data = oldState();
        Files.writeString(data.resolve(".restore-journal"), "staging=../../etc\nprevious=x\nphase=B\n");

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DataFolderSwitch.recover(data))
                .isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(data.resolve("stowage.db")).hasContent("old db");
    }

    private Path oldState() throws Exception {
        Path data = Files.createDirectories(dir.resolve("data"));
        Files.writeString(data.resolve("stowage.db"), "old db");
        Files.writeString(data.resolve("stowage.db-wal"), "old wal");
        Files.writeString(data.resolve("stowage.db-changes"), "old database's changed pages");
        Files.createDirectories(data.resolve("blobs/aa"));
        Files.writeString(data.resolve("blobs/aa/old"), "old blob");
        Files.createDirectories(data.resolve("backups"));
        Files.writeString(data.resolve("backups/keep.json"), "backup folder");
        return data;
    }

    private Path stagedState() throws Exception {
        Path staging = Files.createDirectories(dir.resolve("data.restore-x"));
        Files.writeString(staging.resolve("stowage.db"), "new db");
        Files.createDirectories(staging.resolve("blobs/bb"));
        Files.writeString(staging.resolve("blobs/bb/new"), "new blob");
        return staging;
    }

    private static void journal(Path data, String phase) throws Exception {
        Files.writeString(data.resolve(".restore-journal"), "staging=data.restore-x\nprevious=data.previous-x\nphase=" + phase + "\n");
    }

    private void assertNewState(Path data) {
        assertThat(data.resolve("stowage.db")).hasContent("new db");
        assertThat(data.resolve("stowage.db-wal")).doesNotExist();
        assertThat(data.resolve("stowage.db-changes")).as("the old database's change log left with it").doesNotExist();
        assertThat(data.resolve("blobs/bb/new")).hasContent("new blob");
        assertThat(data.resolve("blobs/aa")).doesNotExist();
        assertThat(data.resolve("backups/keep.json")).hasContent("backup folder");
        assertThat(data.resolve(".restore-journal")).doesNotExist();
        assertThat(dir.resolve("data.previous-x")).doesNotExist();
        assertThat(dir.resolve("data.restore-x")).doesNotExist();
    }
}
