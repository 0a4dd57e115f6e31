package dev.stowage.adapter.out.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.Verification;
import dev.stowage.testing.contract.BackupCatalogContract;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteBackupCatalogTest extends BackupCatalogContract {
    @TempDir
    Path dir;
    TestEngine test;

    @Override
    protected BackupCatalog newCatalog() {
        test = TestEngine.started(dir);
        return new SqliteBackupCatalog(test.db);
    }

    @AfterEach
    void stop() {
        test.close();
    }

    @Test
    void aRecordSurvivesARestartOfTheEngine() {
        Backup backup = fx.backup(fx.at(10)).label("before upgrade: \u00e9t\u00e9 \ud83d\ude00 '); DROP TABLE backups; --")
                .verified(new Verification(fx.at(20), false, 5, "object 0f00... has SHA-256 1234...")).build();
        catalog.save(backup);
        test.close();

        test = TestEngine.started(dir);
        assertThat(new SqliteBackupCatalog(test.db).find(backup.id())).contains(backup);
    }
}
