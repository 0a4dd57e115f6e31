package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.testing.contract.UploadStagingContract;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FsUploadStagingContractTest extends UploadStagingContract {
    @TempDir
    Path dir;

    @Override
    protected UploadStaging newStaging() {
        return new FsUploadStaging(dir.resolve("uploads"));
    }
}
