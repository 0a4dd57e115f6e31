package dev.stowage.adapter.out.s3;

import dev.stowage.application.port.out.Managed;
import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.util.List;

/**
 * Creates the bucket at start-up when it is missing, so a fresh deployment needs no manual step;
 * closes the clients at shutdown.
 */
final class S3Bucket implements Managed {
    private final MinioClient client;
    private final List<AutoCloseable> clients;
    private final S3Settings settings;
    private final S3Errors errors;

    S3Bucket(MinioClient client, MinioAsyncClient asyncClient, MinioClient healthClient, S3Settings settings) {
        this.client = client;
        this.clients = List.of(client, asyncClient, healthClient);
        this.settings = settings;
        this.errors = new S3Errors(settings.bucket(), settings.secretKey());
    }

    @Override
    public int phase() {
        return 0;
    }

    @Override
    public String name() {
        return "s3 bucket " + settings.bucket();
    }

    @Override
    public void start() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
            }
        } catch (Exception e) {
            String code = S3Errors.code(e);
            if ("BucketAlreadyOwnedByYou".equals(code) || "BucketAlreadyExists".equals(code)) {
                return; // another instance created it between our check and our create
            }
            throw errors.failure("creating bucket '" + settings.bucket() + "' at " + settings.endpoint(), e);
        }
    }

    @Override
    public void stop() {
        for (AutoCloseable c : clients) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down: nothing useful to do with a failed close
            }
        }
    }
}
