package dev.stowage.testing.queue;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.contract.JobAdminStoreContract;
import dev.stowage.testing.contract.JobEnqueueStoreContract;
import dev.stowage.testing.contract.JobImportStoreContract;
import dev.stowage.testing.contract.JobManageStoreContract;
import dev.stowage.testing.contract.JobStores;
import dev.stowage.testing.contract.JobWorkStoreContract;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/** The job queue's contracts, one per port, on one {@link InMemoryJobStore}. */
class InMemoryJobStoreTest {

    static JobStores open(IdGenerator ids) {
        return JobStores.of(new InMemoryJobStore(ids));
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
