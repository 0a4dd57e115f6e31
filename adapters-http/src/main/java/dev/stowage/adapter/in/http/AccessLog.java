package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import io.javalin.http.RequestLogger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line per request on the logger {@value #LOGGER}: method, path, status, duration.
 *
 * <p>Only those four facts are written. The query string is left out (it may carry tokens, as
 * tus and pre-signed links do) and no header is ever read, so credentials cannot leak here.
 */
final class AccessLog implements RequestLogger {
    static final String LOGGER = "dev.stowage.http.access";

    private static final Logger log = LoggerFactory.getLogger(LOGGER);

    @Override
    public void handle(Context ctx, Float millis) {
        if (log.isInfoEnabled()) {
            // Tenths of a millisecond by hand: String.format costs more than the rest of a small request.
            long tenths = Math.round(millis * 10.0);
            log.info(ctx.method().name() + ' ' + ctx.path() + ' ' + ctx.statusCode() + ' '
                    + tenths / 10 + '.' + tenths % 10 + "ms");
        }
    }
}
