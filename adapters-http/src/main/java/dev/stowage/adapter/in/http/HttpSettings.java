package dev.stowage.adapter.in.http;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param maxRequestBytes       the largest request body accepted on every route except those that
 *                              stream their body: document content uploads (whose limit is the
 *                              document store's own size limit and quota), program images (the program
 *                              store's image limit), tus uploads ({@code maxUploadBytes}) and the legacy
 *                              import of programs (an export of any size, each entry within the legacy
 *                              reader's limits); a larger declared body is refused with 413 before it is
 *                              read
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

    public static final Allowed.Whole PORT = Allowed.whole(0, 65_535);
    public static final Allowed.Size MAX_REQUEST_BYTES = Allowed.atLeast(1);
    public static final Allowed.Span SHUTDOWN_TIMEOUT = Allowed.span(Duration.ZERO, Duration.ofMinutes(10));
    /** Up to 2^31-1: a JSON body is read into one array. */
    public static final Allowed.Size MAX_JSON_BYTES = Allowed.size(2, Integer.MAX_VALUE);
    public static final Allowed.Size MAX_HEADER_BYTES = Allowed.size(1024, 1024 * 1024);
    public static final Allowed.Span MAX_CLAIM_WAIT = Allowed.span(Duration.ZERO, Duration.ofMinutes(5));
    public static final Allowed.Size MAX_UPLOAD_BYTES = Allowed.atLeast(0);

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
     * @throws dev.stowage.application.settings.InvalidSettingsException naming every field whose value
     *         is out of range
     */
    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(maxClaimWait, "maxClaimWait");
        var check = SettingsCheck.of(HttpSettings.class)
                .required("host", host)
                .in("port", port, PORT)
                .in("maxRequestBytes", maxRequestBytes, MAX_REQUEST_BYTES)
                .in("shutdownTimeout", shutdownTimeout, SHUTDOWN_TIMEOUT)
                .in("maxJsonBytes", maxJsonBytes, MAX_JSON_BYTES)
                .in("maxHeaderBytes", maxHeaderBytes, MAX_HEADER_BYTES)
                .in("maxClaimWait", maxClaimWait, MAX_CLAIM_WAIT)
                .in("maxUploadBytes", maxUploadBytes, MAX_UPLOAD_BYTES);
        var origins = new ArrayList<String>();
        for (String value : corsAllowedOrigins) {
            String lower = value.toLowerCase(Locale.ROOT);
            boolean ok = value.equals(ANY_ORIGIN) || ORIGIN.matcher(lower).matches();
            check.that(ok, "corsAllowedOrigins", value, NOT_AN_ORIGIN);
            if (ok && !origins.contains(lower)) {
                origins.add(lower);
            }
        }
        check.that(!(origins.contains(ANY_ORIGIN) && origins.size() > 1), "corsAllowedOrigins", ANY_ORIGIN,
                "allows every origin and must stand alone");
        check.done();
        corsAllowedOrigins = List.copyOf(origins);
    }

    /**
     * A CORS origin as browsers send it in {@code Origin}, compared in lower case: {@code http} or
     * {@code https}, {@code ://}, a host and an optional port, nothing else.
     */
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://(\\[[0-9a-f:.]+\\]|[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*)(:[0-9]{1,5})?");
    private static final String NOT_AN_ORIGIN = "is not an origin such as https://app.example.com or "
            + "http://127.0.0.1:3000 (scheme, host, optional port; no path or trailing slash), nor *";

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
