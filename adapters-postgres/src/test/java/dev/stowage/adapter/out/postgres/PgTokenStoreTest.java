package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.TokenStore;
import dev.stowage.testing.contract.TokenStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same TokenStoreContract SQLite passes, on a real PostgreSQL database emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgTokenStoreTest extends TokenStoreContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("tokens");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected TokenStore newTokens() {
        return new PgTokenStore(DataTablesEmptied.on(engine));
    }
}
