package dev.stowage.adapter.out.sqlite;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.testing.contract.JobAdminStoreContract;
import dev.stowage.testing.contract.JobEnqueueStoreContract;
import dev.stowage.testing.contract.JobImportStoreContract;
import dev.stowage.testing.contract.JobManageStoreContract;
import dev.stowage.testing.contract.JobStores;
import dev.stowage.testing.contract.JobWorkStoreContract;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The job queue's contracts, one per port, on a real database file that one {@link SqliteJobStore} serves. */
class SqliteJobStoreTest {
    @TempDir
    Path dir;

    JobStores open(IdGenerator ids) {
        TestEngine test = TestEngine.started(dir);
        return JobStores.of(new SqliteJobStore(test.db, ids), test::close);
    }

    @Nested
    class Enqueue extends JobEnqueueStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return open(ids);
        }
    }

    @Nested
    class Work extends JobWorkStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return open(ids);
        }
    }

    @Nested
    class Manage extends JobManageStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return open(ids);
        }
    }

    @Nested
    class Admin extends JobAdminStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return open(ids);
        }
    }

    @Nested
    class Import extends JobImportStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return open(ids);
        }
    }
}
