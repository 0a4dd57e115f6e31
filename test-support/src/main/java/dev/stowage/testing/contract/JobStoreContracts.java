package dev.stowage.testing.contract;

import dev.stowage.application.port.out.IdGenerator;
import java.time.Clock;
import org.junit.jupiter.api.Nested;

/**
 * The five job queue contracts together, for an adapter whose stores play every role (as the SQLite
 * and in-memory ones do): its test extends this class and says once how to build fresh, empty stores;
 * each contract then runs as a nested class of that test. An adapter that implements only some of the
 * ports extends those contracts one by one instead.
 */
public abstract class JobStoreContracts {

    /** New, empty stores, all over the same jobs. Called before every test of every contract. */
    protected abstract JobStores newStores(Clock clock, IdGenerator ids);

    @Nested
    class Enqueue extends JobEnqueueStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return JobStoreContracts.this.newStores(clock, ids);
        }
    }

    @Nested
    class Work extends JobWorkStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return JobStoreContracts.this.newStores(clock, ids);
        }
    }

    @Nested
    class Manage extends JobManageStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return JobStoreContracts.this.newStores(clock, ids);
        }
    }

    @Nested
    class Admin extends JobAdminStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return JobStoreContracts.this.newStores(clock, ids);
        }
    }

    @Nested
    class Import extends JobImportStoreContract {
        @Override
        protected JobStores newStores(Clock clock, IdGenerator ids) {
            return JobStoreContracts.this.newStores(clock, ids);
        }
    }
}
