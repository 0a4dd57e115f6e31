package dev.stowage.adapter.out.postgres;

import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.testing.contract.JobTemplatesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The job templates contract on a real PostgreSQL database, emptied before each test. */
@ExtendWith(HotQueryPlans.class)
class PgJobTemplatesTest extends JobTemplatesContract {
    private static PgEngine engine;

    @BeforeAll
    static void start() {
        engine = PgTestDatabase.startedEngine("job_templates");
    }

    @AfterAll
    static void stop() {
        engine.stop();
    }

    @Override
    protected JobTemplates newTemplates() {
        Db db = new Db(engine);
        PgTestDatabase.empty(db);
        return new PgJobTemplates(db);
    }
}
