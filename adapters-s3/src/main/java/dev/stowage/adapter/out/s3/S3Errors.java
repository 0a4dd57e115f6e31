package dev.stowage.adapter.out.s3;

import dev.stowage.domain.error.StorageException;
import dev.stowage.domain.error.StorageFullException;
import dev.stowage.domain.error.StorageUnavailableException;
import io.minio.errors.ErrorResponseException;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Maps what the MinIO client throws onto Stowage's storage errors, by S3 error code rather than by
 * message. Messages name the operation, the bucket and the S3 code; they never contain the secret
 * key, which is scrubbed from any text taken from the client as a second line of defence.
 */
final class S3Errors {
    /** Codes S3-compatible servers use for a full disk or an exhausted quota. */
    private static final Set<String> FULL = Set.of("XMinioStorageFull", "StorageFull", "QuotaExceeded", "XMinioAdminBucketQuotaExceeded");
    private static final Set<String> CREDENTIALS = Set.of("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch",
            "InvalidToken", "ExpiredToken");

    private final String bucket;
    private final String secret;

    S3Errors(String bucket, String secret) {
        this.bucket = bucket;
        this.secret = secret;
    }

    /** The S3 error code of {@code e}, or null when it is not an S3 error response. */
    static String code(Throwable e) {
        Throwable t = unwrap(e);
        return t instanceof ErrorResponseException ere ? ere.errorResponse().code() : null;
    }

    static boolean isNotFound(Throwable e) {
        String code = code(e);
        return "NoSuchKey".equals(code) || "NoSuchObject".equals(code);
    }

    StorageException failure(String doing, Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String code = code(t);
        if (code != null && FULL.contains(code)) {
            return new StorageFullException("bucket '" + bucket + "' is full while " + doing + " (S3 " + code + ")", t);
        }
        if ("NoSuchBucket".equals(code)) {
            return new StorageUnavailableException(doing + " failed: bucket '" + bucket + "' does not exist", t);
        }
        if (code != null && CREDENTIALS.contains(code)) {
            return new StorageUnavailableException(doing + " failed: S3 refused the credentials for bucket '" + bucket
                    + "' (" + code + ")", t);
        }
        if (code != null) {
            return new StorageUnavailableException(doing + " failed: S3 error " + code, t);
        }
        return new StorageUnavailableException(doing + " failed: " + scrub(t.getClass().getSimpleName() + ": " + t.getMessage()), t);
    }

    /** Removes the secret from text that came from elsewhere, in case it ever carries it. */
    String scrub(String text) {
        return text == null ? null : text.replace(secret, "***");
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
