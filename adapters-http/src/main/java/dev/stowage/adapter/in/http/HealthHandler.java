package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.in.CheckHealthUseCase.Health;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * {@code GET /health}: 200 with {@code status: UP} when every component is up, 503 otherwise.
 *
 * <p>The schema version and blob backend are lifted from the component details named
 * {@value #SCHEMA_VERSION} and {@value #BACKEND} (the database and blob components report them),
 * so a load balancer or an operator sees them without digging.
 */
final class HealthHandler implements Handler {
    static final String SCHEMA_VERSION = "schemaVersion";
    static final String BACKEND = "backend";

    private final CheckHealthUseCase health;

    HealthHandler(CheckHealthUseCase health) {
        this.health = Objects.requireNonNull(health, "health");
    }

    @Override
    public void handle(Context ctx) {
        Health report = health.check();
        var components = new TreeMap<String, ComponentView>();
        report.components().forEach((name, h) -> components.put(name, ComponentView.of(h)));
        ctx.header("Cache-Control", "no-store");
        ctx.status(report.up() ? 200 : 503).json(new HealthView(
                report.up() ? "UP" : "DOWN",
                detail(report, "database", SCHEMA_VERSION),
                detail(report, "blobs", BACKEND),
                components));
    }

    /** The detail from the named component, or from any component when that one lacks it. */
    private static String detail(Health report, String preferred, String key) {
        ComponentHealth first = report.components().get(preferred);
        if (first != null && first.details().containsKey(key)) {
            return first.details().get(key);
        }
        return report.components().values().stream()
                .map(h -> h.details().get(key))
                .filter(Objects::nonNull)
                .findFirst()
                .orElse(null);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record HealthView(String status, String schemaVersion, String blobBackend,
                      Map<String, ComponentView> components) {
    }

    record ComponentView(String status, Map<String, String> details) {
        static ComponentView of(ComponentHealth h) {
            return new ComponentView(h.up() ? "UP" : "DOWN", new TreeMap<>(h.details()));
        }
    }
}
