package dev.stowage.adapter.out.s3;

import io.minio.ListMultipartUploadsResponse;
import io.minio.MinioAsyncClient;
import io.minio.messages.Upload;
import java.time.Instant;

/**
 * Aborts multipart uploads that a crashed process left unfinished: S3 keeps their parts (and
 * bills for them) until someone aborts them, and they never show in an object listing.
 */
final class StaleUploads {
    private StaleUploads() {
    }

    /**
     * Aborts the unfinished multipart uploads under {@code under} that began at or before
     * {@code cutoff} (by the server's clock, which S3 stamps). A server that cannot list multipart
     * uploads (NotImplemented) has none aborted.
     *
     * @return how many were aborted
     */
    static int abort(MinioAsyncClient asyncClient, S3Settings settings, Instant cutoff, String under) throws Exception {
        int aborted = 0;
        String keyMarker = null;
        String uploadIdMarker = null;
        while (true) {
            ListMultipartUploadsResponse page;
            try {
                page = asyncClient.listMultipartUploadsAsync(settings.bucket(), settings.region(), null, null,
                        keyMarker, 1000, under, uploadIdMarker, null, null).get();
            } catch (Exception e) {
                if ("NotImplemented".equals(S3Errors.code(e))) {
                    return aborted;
                }
                throw e;
            }
            for (Upload upload : page.result().uploads()) {
                if (upload.initiated() != null && !upload.initiated().toInstant().isAfter(cutoff)) {
                    asyncClient.abortMultipartUploadAsync(settings.bucket(), settings.region(), upload.objectName(),
                            upload.uploadId(), null, null).get();
                    aborted++;
                }
            }
            if (!page.result().isTruncated()) {
                return aborted;
            }
            keyMarker = page.result().nextKeyMarker();
            uploadIdMarker = page.result().nextUploadIdMarker();
        }
    }
}
