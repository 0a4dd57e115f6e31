package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.UploadSessions;
import dev.stowage.testing.contract.UploadSessionsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same UploadSessionsContract SQLite passes, on a real PostgreSQL database emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgUploadSessionsTest extends UploadSessionsContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("uploads");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected UploadSessions newSessions() {
        return new PgUploadSessions(DataTablesEmptied.on(engine));
    }
}
