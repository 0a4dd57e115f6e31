package dev.stowage.application.port.out;

import java.util.Map;

/**
 * One component's view of its own health. Adapters contribute one each; the health use case asks
 * them all. Implementations answer quickly (well under a second) and never throw.
 */
public interface HealthIndicator {

    /** The component's name in the health report, for example {@code database} or {@code blobs}. */
    String component();

    /** The component's state now, with facts worth showing an operator (no secrets). */
    ComponentHealth check();

    /**
     * @param up      true when the component can serve requests
     * @param details facts for operators, such as the schema version or the backend name
     */
    record ComponentHealth(boolean up, Map<String, String> details) {
        public ComponentHealth {
            details = Map.copyOf(details);
        }

        public static ComponentHealth up(Map<String, String> details) {
            return new ComponentHealth(true, details);
        }

        public static ComponentHealth down(String reason) {
            return new ComponentHealth(false, Map.of("error", reason));
        }
    }
}
