package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobStore;
import dev.stowage.testing.contract.JobStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The job store contract on a real database file. */
class SqliteJobStoreTest extends JobStoreContract {
    @TempDir
    Path dir;
    private TestEngine test;

    @Override
    protected JobStore newStore(Clock clock, IdGenerator ids) {
        test = TestEngine.started(dir);
        return new SqliteJobStore(test.db, ids);
    }

    @Override
    protected void closeStore(JobStore store) {
        test.close();
    }
}
