package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.testing.contract.JobStoreContracts;
import dev.stowage.testing.contract.JobStores;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The job queue's contracts, one per port, the same classes SQLite passes, on a real PostgreSQL
 * database that one {@link PgJobStore} serves. One database for the class, emptied before each test;
 * every statement the store sent must find its rows through an index ({@link HotQueryPlans}).
 */
@ExtendWith(HotQueryPlans.class)
class PgJobStoreTest extends JobStoreContracts {
    private static PgEngine engine;

    static synchronized PgEngine engine() {
        if (engine == null) {
            engine = PgTestDatabase.startedEngine("job_store");
        }
        return engine;
    }

    @AfterAll
    static synchronized void stop() {
        if (engine != null) {
            engine.stop();
            engine = null;
        }
    }

    @Override
    protected JobStores newStores(Clock clock, IdGenerator ids) {
        Db db = new Db(engine());
        PgTestDatabase.empty(db);
        return JobStores.of(new PgJobStore(db, ids, true));
    }
}
