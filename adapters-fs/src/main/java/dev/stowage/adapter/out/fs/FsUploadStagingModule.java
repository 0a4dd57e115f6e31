package dev.stowage.adapter.out.fs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.UploadStaging;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Binds {@link UploadStaging} to files in one folder, and a {@link Managed} that creates the folder.
 * Resumable uploads stage on local disk whichever blob backend is chosen, so deployments that keep
 * blobs in S3 install this module alone; {@link FsBlobModule} installs it for the embedded default.
 */
public final class FsUploadStagingModule extends AbstractModule {
    private final Path stagingDir;

    /** @param stagingDir the folder of unfinished uploads; created at start if missing */
    public FsUploadStagingModule(Path stagingDir) {
        this.stagingDir = Objects.requireNonNull(stagingDir, "stagingDir").toAbsolutePath().normalize();
    }

    @Override
    protected void configure() {
        bind(UploadStaging.class).toInstance(new FsUploadStaging(stagingDir));
        Multibinder.newSetBinder(binder(), Managed.class).addBinding()
                .toInstance(new FsFolders("upload staging", stagingDir));
    }
}
