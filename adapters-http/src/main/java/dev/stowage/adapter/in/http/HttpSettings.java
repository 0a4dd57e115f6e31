package dev.stowage.adapter.in.http;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the HTTP server listens, how much it accepts, and which reads it allows without a token.
 *
 * @param host                  the interface to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port                  the TCP port, 1–65535, or 0 for an ephemeral port chosen at start
 *                              (read it back through {@link HttpModule#BOUND_PORT})
 * @param maxRequestBytes       the largest request body accepted on every route except document
 *                              content uploads (whose limit is the document store's own size limit
 *                              and quota); a larger declared body is refused with 413 before it is read
 * @param shutdownTimeout       how long a graceful stop waits for requests in flight before it closes
 *                              their connections
 * @param maxJsonBytes          the largest JSON request body; a longer one is refused with 413 even
 *                              when it arrives without a {@code Content-Length}
 * @param maxHeaderBytes        the largest request head (request line and headers) Jetty accepts;
 *                              a larger one is refused with 431
 * @param anonymousPublicReads  whether public documents (and the public listing) can be read
 *                              without a token
 * @param metricsRequireToken   whether {@code GET /metrics} needs a valid token (any user's)
 * @param maxClaimWait          the longest a remote worker's claim may wait for a job; longer
 *                              requested waits are cut to this
 * @param maxUploadBytes        the largest resumable (tus) upload announced and accepted; set it to
 *                              the document store's size limit so the two agree
 * @param corsAllowedOrigins    the origins ({@code scheme://host[:port]}, kept in lower case) whose
 *                              browser pages may call the API (CORS), or {@value #ANY_ORIGIN} alone
 *                              for every origin; empty (the default) sends no CORS header at all
 */
public record HttpSettings(String host, int port, long maxRequestBytes, Duration shutdownTimeout,
                           long maxJsonBytes, int maxHeaderBytes, boolean anonymousPublicReads,
                           boolean metricsRequireToken, Duration maxClaimWait, long maxUploadBytes,
                           List<String> corsAllowedOrigins) {

    /** In {@link #corsAllowedOrigins}: pages of any origin may call the API. */
    public static final String ANY_ORIGIN = "*";

    /** 5 GiB, the document store's default size limit. */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 5L << 30;

    /** 1 MiB: ample for any job, template or metadata change, small enough to parse in memory. */
    public static final long DEFAULT_MAX_JSON_BYTES = 1L << 20;
    /** 16 KiB: room for long tokens and cookies, far below what a header flood needs. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 16 * 1024;
    /** 30 seconds: below the idle timeouts of common proxies, so a waiting claim is not cut. */
    public static final Duration DEFAULT_MAX_CLAIM_WAIT = Duration.ofSeconds(30);

    /** The defaults: loopback only, port 8080, 16 MiB bodies, 10 seconds to drain, public reads on. */
    public static HttpSettings defaults() {
        return new HttpSettings("127.0.0.1", 8080, 16L * 1024 * 1024, Duration.ofSeconds(10));
    }

    /** Listening and body limits as given; every other setting at its default. */
    public HttpSettings(String host, int port, long maxRequestBytes, Duration shutdownTimeout) {
        this(host, port, maxRequestBytes, shutdownTimeout, DEFAULT_MAX_JSON_BYTES, DEFAULT_MAX_HEADER_BYTES,
                true, false, DEFAULT_MAX_CLAIM_WAIT, DEFAULT_MAX_UPLOAD_BYTES, List.of());
    }

    /**
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(maxClaimWait, "maxClaimWait");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 and 65535, was " + port);
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException("maxRequestBytes must be positive, was " + maxRequestBytes);
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.compareTo(Duration.ofMinutes(10)) > 0) {
            throw new IllegalArgumentException(
                    "shutdownTimeout must be between 0 and 10 minutes, was " + shutdownTimeout);
        }
        if (maxJsonBytes < 2 || maxJsonBytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("maxJsonBytes must be between 2 and 2^31-1, was " + maxJsonBytes);
        }
        if (maxHeaderBytes < 1024 || maxHeaderBytes > 1024 * 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be between 1 KiB and 1 MiB, was " + maxHeaderBytes);
        }
        if (maxClaimWait.isNegative() || maxClaimWait.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("maxClaimWait must be between 0 and 5 minutes, was " + maxClaimWait);
        }
        if (maxUploadBytes < 0) {
            throw new IllegalArgumentException("maxUploadBytes must not be negative, was " + maxUploadBytes);
        }
        corsAllowedOrigins = corsAllowedOrigins.stream().map(HttpSettings::origin).distinct().toList();
        if (corsAllowedOrigins.contains(ANY_ORIGIN) && corsAllowedOrigins.size() > 1) {
            throw new IllegalArgumentException("corsAllowedOrigins: '*' stands alone, it already allows every origin");
        }
    }

    /**
     * A CORS origin as browsers send it in {@code Origin}, in lower case: {@code http} or
     * {@code https}, {@code ://}, a host and an optional port, nothing else; or {@value #ANY_ORIGIN}.
     *
     * @throws IllegalArgumentException saying what an origin looks like when {@code value} is not one
     */
    public static String origin(String value) {
        Objects.requireNonNull(value, "origin");
        if (value.equals(ANY_ORIGIN)) {
            return value;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!ORIGIN.matcher(lower).matches()) {
            throw new IllegalArgumentException("'" + value + "' is not an origin such as https://app.example.com or "
                    + "http://127.0.0.1:3000 (scheme, host and optional port; no path, no trailing slash), nor *");
        }
        return lower;
    }

    private static final Pattern ORIGIN = Pattern.compile(
            "https?://(\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:[0-9]{1,5})?");

    /** These settings with another limit for resumable uploads. */
    public HttpSettings withMaxUploadBytes(long max) {
        return new HttpSettings(host, port, maxRequestBytes, shutdownTimeout, maxJsonBytes, maxHeaderBytes,
                anonymousPublicReads, metricsRequireToken, maxClaimWait, max, corsAllowedOrigins);
    }

    /** These settings with public documents readable without a token, or not. */
    public HttpSettings withAnonymousPublicReads(boolean allowed) {
        return new HttpSettings(host, port, maxRequestBytes, shutdownTimeout, maxJsonBytes, maxHeaderBytes, allowed,
                metricsRequireToken, maxClaimWait, maxUploadBytes, corsAllowedOrigins);
    }

    /** These settings with browser pages of these origins allowed to call the API (CORS). */
    public HttpSettings withCorsAllowedOrigins(List<String> origins) {
        return new HttpSettings(host, port, maxRequestBytes, shutdownTimeout, maxJsonBytes, maxHeaderBytes,
                anonymousPublicReads, metricsRequireToken, maxClaimWait, maxUploadBytes, origins);
    }

    /** These settings with {@code /metrics} behind a token, or not. */
    public HttpSettings withMetricsRequireToken(boolean required) {
        return new HttpSettings(host, port, maxRequestBytes, shutdownTimeout, maxJsonBytes, maxHeaderBytes,
                anonymousPublicReads, required, maxClaimWait, maxUploadBytes, corsAllowedOrigins);
    }
}
