package dev.stowage.adapter.in.http;

import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Objects;

/** {@code GET /metrics}: every meter in the Prometheus text exposition format 0.0.4. */
final class MetricsHandler implements Handler {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;

    MetricsHandler(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public void handle(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE).result(registry.scrape());
    }
}
