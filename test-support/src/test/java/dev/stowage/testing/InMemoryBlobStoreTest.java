package dev.stowage.testing;

import dev.stowage.application.port.out.BlobStore;
import dev.stowage.testing.contract.BlobStoreContract;

class InMemoryBlobStoreTest extends BlobStoreContract {
    @Override
    protected BlobStore newStore() {
        return new InMemoryBlobStore();
    }
}
