package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.DocumentCatalog;
import dev.stowage.testing.contract.DocumentCatalogContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same DocumentCatalogContract SQLite passes, on a real PostgreSQL database emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgDocumentCatalogTest extends DocumentCatalogContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("documents");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected DocumentCatalog newCatalog() {
        return new PgDocumentCatalog(DataTablesEmptied.on(engine));
    }
}
