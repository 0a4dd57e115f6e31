package dev.stowage.testing.queue;

import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.testing.InMemoryJobTemplates;
import dev.stowage.testing.contract.JobTemplatesContract;

class InMemoryJobTemplatesTest extends JobTemplatesContract {
    @Override
    protected JobTemplates newTemplates() {
        return new InMemoryJobTemplates();
    }
}
