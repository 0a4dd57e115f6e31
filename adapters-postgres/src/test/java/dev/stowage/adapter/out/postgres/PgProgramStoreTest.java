package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.testing.contract.ProgramStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same ProgramStoreContract SQLite passes, on a real PostgreSQL database emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgProgramStoreTest extends ProgramStoreContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("programs");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected ProgramStore newStore() {
        return new PgProgramStore(DataTablesEmptied.on(engine));
    }
}
