package dev.stowage.testing;

import dev.stowage.application.port.out.BackupCatalog;
import dev.stowage.testing.contract.BackupCatalogContract;

class InMemoryBackupCatalogTest extends BackupCatalogContract {

    @Override
    protected BackupCatalog newCatalog() {
        return new InMemoryBackupCatalog();
    }
}
