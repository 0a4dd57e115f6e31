package dev.stowage.adapter.out.fs;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.port.out.UploadStaging;
import java.time.Clock;
import java.util.Objects;

/**
 * The embedded default for bytes: binds {@link BlobStore} to files under
 * {@link FsSettings#blobRoot()} and {@link UploadStaging} to files in {@link FsSettings#stagingDir()}
 * (through {@link FsUploadStagingModule}); contributes the {@code blobs} {@link HealthIndicator}
 * and {@link Managed} parts that create both folders at start-up and that reclaim, at start-up,
 * the temporary files of processes that are gone ({@link FsTempArea}).
 */
public final class FsBlobModule extends AbstractModule {
    private final FsSettings settings;

    public FsBlobModule(FsSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        FsBlobStore store = new FsBlobStore(settings.blobRoot(), Clock.systemUTC());
        bind(BlobStore.class).toInstance(store);
        Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding()
                .toInstance(new FsBlobHealth(settings.blobRoot()));
        var managed = Multibinder.newSetBinder(binder(), Managed.class);
        managed.addBinding().toInstance(new FsFolders("blob store", settings.blobRoot()));
        managed.addBinding().toInstance(new FsTempArea(store.temps(), settings.reclaimAtStart()));
        install(new FsUploadStagingModule(settings.stagingDir()));
    }
}
