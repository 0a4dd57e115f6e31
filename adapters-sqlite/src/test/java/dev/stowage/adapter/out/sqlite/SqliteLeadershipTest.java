package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.Leadership;
import dev.stowage.testing.contract.LeadershipContract;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteLeadershipTest extends LeadershipContract {
    @TempDir
    Path dir;

    @Override
    protected Leadership newCandidate(String name) {
        return new SqliteLeadership(dir.resolve("stowage.db"));
    }

    @Override
    protected void cutOff(Leadership holder) {
        ((SqliteLeadership) holder).cutOff();
    }

    @Test
    void theLockLivesBesideTheDatabaseAndHoldsNoRows() throws Exception {
        var a = new SqliteLeadership(dir.resolve("stowage.db"));
        try {
            assertThat(a.tryLead()).isTrue();
            assertThat(dir.resolve("stowage.db-leader")).exists();
            assertThat(a.describe()).contains("stowage.db-leader");
        } finally {
            a.close();
        }
        assertThat(Files.size(dir.resolve("stowage.db-leader"))).isZero();
    }

    @Test
    void aLockFileReplacedUnderTheHolderIsALostHold() throws Exception {
        var a = new SqliteLeadership(dir.resolve("stowage.db"));
        var b = new SqliteLeadership(dir.resolve("stowage.db"));
        try {
            assertThat(a.tryLead()).isTrue();
            Files.delete(dir.resolve("stowage.db-leader"));
            assertThat(b.tryLead()).as("a new file, which nobody locks").isTrue();

            assertThat(a.tryLead()).isFalse();
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aFolderThatCannotHoldTheLockMeansNobodyLeads() throws Exception {
        Path file = dir.resolve("not-a-folder");
        Files.writeString(file, "x");
        var a = new SqliteLeadership(file.resolve("stowage.db"));
        try {
            assertThat(a.tryLead()).isFalse();
        } finally {
            a.close();
        }
    }
}
