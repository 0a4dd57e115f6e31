package dev.stowage.adapter.out.s3;

import java.net.URI;
import java.util.Objects;

/**
 * How to reach the bucket that holds the blobs. {@link #toString()} never shows the secret key.
 *
 * @param endpoint  the S3 endpoint, {@code https://s3.eu-west-1.amazonaws.com} or a MinIO/S3Proxy URL
 * @param region    the bucket's region, for example {@code us-east-1}
 * @param bucket    the bucket; created at start-up when missing
 * @param accessKey the access key id
 * @param secretKey the secret key; never logged nor put in an error message
 * @param pathStyle true for {@code endpoint/bucket/key} URLs (MinIO, S3Proxy), false for
 *                  {@code bucket.endpoint/key} (AWS)
 * @param prefix    folder of all Stowage objects in the bucket, empty or ending in {@code /}
 * @param partSize  bytes per multipart part, 5 MiB to 5 GiB; a put holds one part in memory
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, String prefix, long partSize) {

    /** The smallest part S3 accepts (except the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The largest part S3 accepts. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** A part size that keeps memory modest and requests few: 16 MiB. */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    public S3Settings {
        Objects.requireNonNull(endpoint, "endpoint");
        if (endpoint.getScheme() == null || !(endpoint.getScheme().equals("http") || endpoint.getScheme().equals("https"))
                || endpoint.getHost() == null) {
            throw new IllegalArgumentException("S3 endpoint must be an http or https URL with a host, got '" + endpoint + "'");
        }
        Objects.requireNonNull(region, "region");
        if (bucket == null || !bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("S3 bucket must be 3-63 characters of a-z, 0-9, '.' and '-', got '" + bucket + "'");
        }
        if (accessKey == null || accessKey.isEmpty()) {
            throw new IllegalArgumentException("S3 access key is required");
        }
        if (secretKey == null || secretKey.isEmpty()) {
            throw new IllegalArgumentException("S3 secret key is required");
        }
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && (!prefix.endsWith("/") || prefix.startsWith("/") || !prefix.matches("[a-z0-9._/-]+"))) {
            throw new IllegalArgumentException("S3 prefix must be empty or like 'stowage/' (a-z, 0-9, '.', '_', '-', '/', ending in '/'), got '" + prefix + "'");
        }
        if (partSize < MIN_PART_SIZE || partSize > MAX_PART_SIZE) {
            throw new IllegalArgumentException("S3 part size must be between " + MIN_PART_SIZE + " and " + MAX_PART_SIZE + " bytes, got " + partSize);
        }
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", accessKey=" + accessKey + ", secretKey=***, pathStyle=" + pathStyle
                + ", prefix=" + prefix + ", partSize=" + partSize + "]";
    }
}
