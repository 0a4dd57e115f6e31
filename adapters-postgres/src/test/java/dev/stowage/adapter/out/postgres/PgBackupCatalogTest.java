package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.testing.contract.BackupCatalogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same BackupCatalogContract SQLite passes, on a real PostgreSQL database emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgBackupCatalogTest extends BackupCatalogContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("backups");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected BackupCatalog newCatalog() {
        return new PgBackupCatalog(DataTablesEmptied.on(engine));
    }
}
