package dev.stowage.adapter.in.http;

import dev.stowage.domain.common.Sha256;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web console under {@value #BASE}: static ES modules, CSS and one HTML page from the jar.
 * The page holds no data and needs no token; everything it shows comes from the API, which it
 * calls with the token the operator pasted (see docs/console.md).
 *
 * <p>A file is named by one path segment of lower-case letters, digits and dashes with a known
 * extension, so no name can climb out of the console's folder (no {@code ..}, no {@code /}, no
 * encoded dot survives the pattern) and there is no directory listing: anything else is 404.
 * Every answer carries a Content-Security-Policy without {@code unsafe-inline} or
 * {@code unsafe-eval}: the console builds its DOM with {@code textContent}, never from HTML strings,
 * and the policy makes an injected script inert should one slip through. Files are revalidated on
 * each load ({@code no-cache} with a content ETag), so a new jar's console is never mixed with an
 * old one's modules.
 */
final class ConsoleRoutes {
    static final String BASE = "/console";
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
            + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
    private static final String RESOURCES = "console/";
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}\\.(html|js|css|svg)");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");

    /** A file read from the jar, with its tag; a missing file is remembered as empty. */
    private record Asset(byte[] bytes, String etag, String type) {
    }

    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    void register(RoutesConfig routes) {
        // Javalin ignores a trailing slash, so this serves /console/ too.
        routes.get(BASE, ctx -> serve(ctx, "index.html"));
        routes.get(BASE + "/{file}", ctx -> serve(ctx, ctx.pathParam("file")));
    }

    private void serve(Context ctx, String name) {
        securityHeaders(ctx);
        if (!NAME.matcher(name).matches()) {
            throw new NotFoundResponse();
        }
        Asset asset = assets.computeIfAbsent(name, ConsoleRoutes::load).orElseThrow(NotFoundResponse::new);
        ctx.header("ETag", asset.etag()).header("Cache-Control", "no-cache");
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && HttpHeaders.noneMatchHits(ifNoneMatch, asset.etag())) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.type()).result(asset.bytes());
    }

    static void securityHeaders(Context ctx) {
        ctx.header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("X-Frame-Options", "DENY")
                .header("Cross-Origin-Opener-Policy", "same-origin");
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleRoutes.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String hex = Sha256.digest(bytes).hex();
            String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
            return Optional.of(new Asset(bytes, "\"" + hex.substring(0, 32) + "\"", type));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the console file " + name, e);
        }
    }
}
