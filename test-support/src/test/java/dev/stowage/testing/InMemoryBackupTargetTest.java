package dev.stowage.testing;

import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.testing.contract.BackupTargetContract;

class InMemoryBackupTargetTest extends BackupTargetContract {

    @Override
    protected BackupTarget newTarget() {
        return new InMemoryBackupTarget();
    }
}
