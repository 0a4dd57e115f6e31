package dev.stowage.testing;

import dev.stowage.application.port.out.ProgramStore;
import dev.stowage.testing.contract.ProgramStoreContract;

class InMemoryProgramStoreTest extends ProgramStoreContract {

    @Override
    protected ProgramStore newStore() {
        return new InMemoryProgramStore();
    }
}
