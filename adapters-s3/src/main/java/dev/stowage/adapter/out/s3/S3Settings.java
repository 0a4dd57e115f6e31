package dev.stowage.adapter.out.s3;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.net.URI;
import java.util.regex.Pattern;

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
 * @param partSize  bytes per multipart part, {@link #PART_SIZE}; a put holds one part in memory
 */
public record S3Settings(URI endpoint, String region, String bucket, String accessKey, String secretKey,
                         boolean pathStyle, String prefix, long partSize) {

    /** The smallest part S3 accepts (except the last). */
    public static final long MIN_PART_SIZE = 5L * 1024 * 1024;
    /** The largest part S3 accepts. */
    public static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
    /** A part size that keeps memory modest and requests few: 16 MiB. */
    public static final long DEFAULT_PART_SIZE = 16L * 1024 * 1024;

    /** S3's smallest part (except the last) to its largest. */
    public static final Allowed.Size PART_SIZE = Allowed.size(MIN_PART_SIZE, MAX_PART_SIZE);
    /** What {@link #endpoint} must be. */
    public static final String ENDPOINT = "an http:// or https:// URL with a host";

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern PREFIX = Pattern.compile("([a-z0-9][a-z0-9._-]*/)*");

    /**
     * @throws dev.stowage.application.settings.InvalidSettingsException naming every bad field; a
     *         missing endpoint, region, bucket or key is reported as missing
     */
    public S3Settings {
        prefix = prefix == null ? "" : prefix;
        var check = SettingsCheck.of(S3Settings.class);
        if (endpoint == null) {
            check.required("endpoint", null);
        } else {
            check.that(("http".equals(endpoint.getScheme()) || "https".equals(endpoint.getScheme()))
                    && endpoint.getHost() != null, "endpoint", endpoint, "is not " + ENDPOINT);
        }
        check.required("region", region);
        if (bucket == null || bucket.isEmpty()) {
            check.required("bucket", bucket);
        } else {
            check.that(BUCKET.matcher(bucket).matches(), "bucket", bucket,
                    "is not a bucket name (3-63 characters: lower-case letters, digits, '.' and '-')");
        }
        check.required("accessKey", accessKey)
                .required("secretKey", secretKey) // a missing value is reported without one: never the secret
                .that(PREFIX.matcher(prefix).matches(), "prefix", prefix,
                        "is not empty nor path segments of [a-z0-9._-] each ending in '/', such as \"stowage/\"")
                .in("partSize", partSize, PART_SIZE)
                .done();
    }

    @Override
    public String toString() {
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket
                + ", accessKey=" + accessKey + ", secretKey=******, pathStyle=" + pathStyle
                + ", prefix=" + prefix + ", partSize=" + partSize + "]";
    }
}
