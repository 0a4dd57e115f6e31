package dev.stowage.adapter.out.s3;

import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import java.util.concurrent.TimeUnit;

/** Builds MinIO clients from the settings; the only place that hands the secret to a library. */
final class S3Clients {
    /** Long enough for a 16 MiB part on a slow link; connection failures show much sooner. */
    private static final long CONNECT_MILLIS = TimeUnit.SECONDS.toMillis(10);
    private static final long IO_MILLIS = TimeUnit.MINUTES.toMillis(5);
    /** Health answers must come well under a second, so its client gives up quickly. */
    private static final long HEALTH_MILLIS = 800;

    private S3Clients() {
    }

    static MinioClient client(S3Settings s) {
        MinioClient c = configure(MinioClient.builder(), s).build();
        c.setTimeout(CONNECT_MILLIS, IO_MILLIS, IO_MILLIS);
        style(c, s);
        return c;
    }

    static MinioAsyncClient asyncClient(S3Settings s) {
        MinioAsyncClient c = MinioAsyncClient.builder()
                .endpoint(s.endpoint().toString())
                .region(s.region())
                .credentials(s.accessKey(), s.secretKey())
                .build();
        c.setTimeout(CONNECT_MILLIS, IO_MILLIS, IO_MILLIS);
        if (s.pathStyle()) {
            c.disableVirtualStyleEndpoint();
        } else {
            c.enableVirtualStyleEndpoint();
        }
        return c;
    }

    static MinioClient healthClient(S3Settings s) {
        MinioClient c = configure(MinioClient.builder(), s).build();
        c.setTimeout(HEALTH_MILLIS, HEALTH_MILLIS, HEALTH_MILLIS);
        style(c, s);
        return c;
    }

    private static MinioClient.Builder configure(MinioClient.Builder b, S3Settings s) {
        return b.endpoint(s.endpoint().toString()).region(s.region()).credentials(s.accessKey(), s.secretKey());
    }

    private static void style(MinioClient c, S3Settings s) {
        if (s.pathStyle()) {
            c.disableVirtualStyleEndpoint();
        } else {
            c.enableVirtualStyleEndpoint();
        }
    }
}
