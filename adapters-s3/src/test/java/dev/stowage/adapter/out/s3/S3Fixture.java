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

    @Override
    public void close() {
        bucket.stop();
    }
}
