package dev.stowage.testing;

import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.testing.contract.UploadStagingContract;

class InMemoryUploadStagingTest extends UploadStagingContract {
    @Override
    protected UploadStaging newStaging() {
        return new InMemoryUploadStaging();
    }
}
