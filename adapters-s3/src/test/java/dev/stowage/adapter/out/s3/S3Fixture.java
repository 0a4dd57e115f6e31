package dev.stowage.adapter.out.s3;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.time.Clock;

/** A store wired as the module wires it, with the raw client beside it for looking at the bucket. */
final class S3Fixture implements AutoCloseable {
    final S3Settings settings;
    final MinioClient client;
    final MinioAsyncClient asyncClient;
    final S3BlobStore store;
    final S3Bucket bucket;

    S3Fixture(S3Settings settings) {
        this.settings = settings;
        this.client = S3Clients.client(settings);
        this.asyncClient = S3Clients.asyncClient(settings);
        this.store = new S3BlobStore(client, asyncClient, settings, Clock.systemUTC());
        this.bucket = new S3Bucket(client, asyncClient, S3Clients.healthClient(settings), settings);
        bucket.start();
    }

    private S3Fixture(S3Fixture base, S3Settings settings) {
        this.settings = settings;
        this.client = base.client;
        this.asyncClient = base.asyncClient;
        this.store = new S3BlobStore(client, asyncClient, settings, Clock.systemUTC());
        this.bucket = base.bucket;
    }

    /** The same clients and bucket, another prefix; closing the original closes both. */
    S3Fixture withPrefix(String prefix) {
        S3Settings s = new S3Settings(settings.endpoint(), settings.region(), settings.bucket(), settings.accessKey(),
                settings.secretKey(), settings.pathStyle(), prefix, settings.partSize());
        return new S3Fixture(this, s);
    }

    @Override
    public void close() {
        bucket.stop();
    }
}
