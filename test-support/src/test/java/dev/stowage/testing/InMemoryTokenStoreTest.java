package dev.stowage.testing;

import dev.stowage.application.port.out.TokenStore;
import dev.stowage.testing.contract.TokenStoreContract;

class InMemoryTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore newTokens() {
        return new InMemoryTokenStore();
    }
}
