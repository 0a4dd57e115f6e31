package dev.stowage.application.service;

import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/** Asks each health indicator in turn; an indicator that throws counts as down. */
public final class HealthService implements CheckHealthUseCase {
    private final List<HealthIndicator> indicators;

    public HealthService(Collection<HealthIndicator> indicators) {
        this.indicators = List.copyOf(Objects.requireNonNull(indicators, "indicators"));
    }

    @Override
    public Health check() {
        var components = new TreeMap<String, ComponentHealth>();
        boolean up = true;
        for (HealthIndicator indicator : indicators) {
            ComponentHealth h;
            try {
                h = indicator.check();
            } catch (RuntimeException e) {
                h = ComponentHealth.down(e.getClass().getSimpleName());
            }
            components.put(indicator.component(), h);
            up &= h.up();
        }
        return new Health(up, components);
    }
}
