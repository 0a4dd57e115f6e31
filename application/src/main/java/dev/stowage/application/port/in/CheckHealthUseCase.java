package dev.stowage.application.port.in;

import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import java.util.Map;

/** Use case: tell an operator or a load balancer whether the service can work. */
public interface CheckHealthUseCase {

    /** Asks every component. Never throws: a failing component is reported down. */
    Health check();

    /**
     * @param up         true only when every component is up
     * @param components each component's report, by name
     */
    record Health(boolean up, Map<String, ComponentHealth> components) {
        public Health {
            components = Map.copyOf(components);
        }
    }
}
