package dev.stowage.testing.queue;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.contract.JobStoreContracts;
import dev.stowage.testing.contract.JobStores;
import java.time.Clock;

/** The job queue's contracts, one per port, on one {@link InMemoryJobStore}. */
class InMemoryJobStoreTest extends JobStoreContracts {
    @Override
    protected JobStores newStores(Clock clock, IdGenerator ids) {
        return JobStores.of(new InMemoryJobStore(ids));
    }
}
