package dev.stowage.testing.queue;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobStore;
import dev.stowage.testing.InMemoryJobStore;
import dev.stowage.testing.contract.JobStoreContract;
import java.time.Clock;

class InMemoryJobStoreTest extends JobStoreContract {
    @Override
    protected JobStore newStore(Clock clock, IdGenerator ids) {
        return new InMemoryJobStore(ids);
    }
}
