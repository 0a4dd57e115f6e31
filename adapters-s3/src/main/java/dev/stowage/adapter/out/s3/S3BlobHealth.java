package dev.stowage.adapter.out.s3;

import dev.stowage.application.port.out.HealthIndicator;
import io.minio.BucketExistsArgs;
import io.minio.MinioClient;
import java.util.Map;

/** Up when the bucket answers; shows the endpoint and bucket, never credentials. */
final class S3BlobHealth implements HealthIndicator {
    private final MinioClient client;
    private final S3Settings settings;
    private final S3Errors errors;

    S3BlobHealth(MinioClient healthClient, S3Settings settings) {
        this.client = healthClient;
        this.settings = settings;
        this.errors = new S3Errors(settings.bucket(), settings.secretKey());
    }

    @Override
    public String component() {
        return "blobs";
    }

    @Override
    public ComponentHealth check() {
        try {
            if (!client.bucketExists(BucketExistsArgs.builder().bucket(settings.bucket()).build())) {
                return ComponentHealth.down("bucket '" + settings.bucket() + "' does not exist at " + settings.endpoint());
            }
            return ComponentHealth.up(Map.of("backend", "s3", "endpoint", settings.endpoint().toString(),
                    "bucket", settings.bucket()));
        } catch (Exception e) {
            return ComponentHealth.down(errors.failure("checking bucket '" + settings.bucket() + "' at "
                    + settings.endpoint(), e).getMessage());
        }
    }
}
