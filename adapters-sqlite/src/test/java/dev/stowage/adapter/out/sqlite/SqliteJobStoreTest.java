package dev.stowage.adapter.out.sqlite;

import dev.stowage.adapter.out.sqlite.engine.TestEngine;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.testing.contract.JobStoreContracts;
import dev.stowage.testing.contract.JobStores;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.io.TempDir;

/** The job queue's contracts, one per port, on a real database file that one {@link SqliteJobStore} serves. */
class SqliteJobStoreTest extends JobStoreContracts {
    @TempDir
    Path dir;

    @Override
    protected JobStores newStores(Clock clock, IdGenerator ids) {
        TestEngine test = TestEngine.started(dir);
        return JobStores.of(new SqliteJobStore(test.db, ids), test::close);
    }
}
