package dev.stowage.adapter.out.s3;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.time.Clock;
import java.util.Objects;

/**
 * Blobs in an S3 bucket: binds {@link BlobStore}, and contributes the {@code blobs}
 * {@link HealthIndicator} and a {@link Managed} part that creates the bucket at start-up when it is
 * missing and closes the clients at shutdown. Resumable uploads still stage on local disk: install
 * the file-system adapter's staging module beside this one.
 */
public final class S3BlobModule extends AbstractModule {
    private final S3Settings settings;

    public S3BlobModule(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        MinioClient client = S3Clients.client(settings);
        MinioAsyncClient asyncClient = S3Clients.asyncClient(settings);
        MinioClient healthClient = S3Clients.healthClient(settings);
        bind(BlobStore.class).toInstance(new S3BlobStore(client, asyncClient, settings, Clock.systemUTC()));
        Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding()
                .toInstance(new S3BlobHealth(healthClient, settings));
        Multibinder.newSetBinder(binder(), Managed.class).addBinding()
                .toInstance(new S3Bucket(client, asyncClient, healthClient, settings));
    }
}
