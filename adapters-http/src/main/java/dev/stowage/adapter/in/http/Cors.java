package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Cross-origin requests from browser pages on the origins in {@link HttpSettings#corsAllowedOrigins()}
 * (the Fetch standard's CORS protocol). Runs before every route:
 *
 * <ul>
 *   <li>a request with an allowed {@code Origin} gets {@code Access-Control-Allow-Origin} (that
 *       origin), {@code Vary: Origin} and {@code Access-Control-Expose-Headers} listing what clients
 *       read: {@code Location}, {@code ETag}, the tus headers, {@code Stowage-Document-Id}, {@code Stowage-Backup-Id}, ...;</li>
 *   <li>a preflight ({@code OPTIONS} with {@code Access-Control-Request-Method}) from an allowed
 *       origin is answered here, 204, on any path, with the methods and request headers the API
 *       and tus use; no token is needed, since browsers send none with a preflight;</li>
 *   <li>a request from any other origin, or with none, gets no CORS header at all and goes on as
 *       usual, so a disallowed page's browser refuses to hand it the answer. A plain {@code OPTIONS}
 *       (no preflight) still reaches the tus discovery route.</li>
 * </ul>
 *
 * <p>Credentials (cookies) are never allowed: the API signs in with a bearer token, which a page
 * sends as an ordinary {@code Authorization} header.
 */
final class Cors {
    static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS";
    static final String ALLOWED_HEADERS = String.join(", ", List.of(
            "Authorization", "Content-Type", "Content-Digest", "X-Checksum-SHA256", "If-Match", "If-None-Match",
            "Range", "Tus-Resumable", "Upload-Length", "Upload-Offset", "Upload-Metadata", "Upload-Checksum",
            "Upload-Concat", "Upload-Defer-Length", "X-HTTP-Method-Override", "X-Requested-With"));
    static final String EXPOSED_HEADERS = String.join(", ", List.of(
            "Location", "ETag", "Link", "Content-Range", "Accept-Ranges", "Content-Disposition", "Content-Digest",
            "Retry-After", "WWW-Authenticate", "Upload-Offset", "Upload-Length", "Upload-Expires",
            "Upload-Metadata", "Upload-Concat", "Tus-Resumable", "Tus-Version", "Tus-Extension", "Tus-Max-Size",
            "Tus-Checksum-Algorithm", TusRoutes.DOCUMENT_ID, TusRoutes.BACKUP_ID));
    /** How long a browser may reuse a preflight answer: 10 minutes, the longest Chromium honours. */
    static final String MAX_AGE_SECONDS = "600";

    private final Set<String> origins;
    private final boolean anyOrigin;

    Cors(List<String> allowedOrigins) {
        Objects.requireNonNull(allowedOrigins, "allowedOrigins");
        this.anyOrigin = allowedOrigins.contains(HttpSettings.ANY_ORIGIN);
        this.origins = Set.copyOf(allowedOrigins);
    }

    /**
     * Adds the CORS headers a request from an allowed origin gets.
     *
     * @return true when the request was a preflight and has been answered
     */
    boolean handle(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null || !(anyOrigin || origins.contains(origin.toLowerCase(Locale.ROOT)))) {
            return false;
        }
        ctx.header("Access-Control-Allow-Origin", origin).header("Vary", "Origin");
        if (ctx.method() == HandlerType.OPTIONS && ctx.header("Access-Control-Request-Method") != null) {
            ctx.header("Access-Control-Allow-Methods", ALLOWED_METHODS)
                    .header("Access-Control-Allow-Headers", ALLOWED_HEADERS)
                    .header("Access-Control-Max-Age", MAX_AGE_SECONDS)
                    .status(204);
            return true;
        }
        ctx.header("Access-Control-Expose-Headers", EXPOSED_HEADERS);
        return false;
    }
}
