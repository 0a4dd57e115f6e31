package dev.stowage.adapter.out.s3;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.out.BackupTarget;
import dev.stowage.application.port.out.Managed;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.time.Clock;
import java.util.Objects;

/**
 * Backups in an S3 bucket: binds {@link BackupTarget} to the bucket and prefix of the settings
 * (content-addressed objects, manifests written last and never replaced, lock markers; see
 * {@code docs/backups.md}), and contributes a {@link Managed} part that creates the bucket at
 * start-up when it is missing and closes the clients at shutdown. The data folder itself stays
 * local: install the file-system adapter's {@code FsDataFoldersModule} beside this one.
 */
public final class S3BackupModule extends AbstractModule {
    private final S3Settings settings;

    /** @param settings the bucket and prefix of the backups (its own, apart from the blobs') */
    public S3BackupModule(S3Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        MinioClient client = S3Clients.client(settings);
        MinioAsyncClient asyncClient = S3Clients.asyncClient(settings);
        MinioClient bucketClient = S3Clients.healthClient(settings);
        bind(BackupTarget.class).toInstance(new S3BackupTarget(client, asyncClient, settings, Clock.systemUTC()));
        Multibinder.newSetBinder(binder(), Managed.class).addBinding()
                .toInstance(new S3Bucket(client, asyncClient, bucketClient, settings));
    }
}
