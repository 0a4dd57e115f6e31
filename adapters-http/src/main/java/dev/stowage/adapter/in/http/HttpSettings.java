package dev.stowage.adapter.in.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP server listens and how much it accepts.
 *
 * @param host            the interface to bind, for example {@code 127.0.0.1} or {@code 0.0.0.0}
 * @param port            the TCP port, 1–65535, or 0 for an ephemeral port chosen at start
 *                        (read it back through {@link HttpModule#BOUND_PORT})
 * @param maxRequestBytes the largest request body accepted; a larger declared body is refused
 *                        with 413 before it is read
 * @param shutdownTimeout how long a graceful stop waits for requests in flight before it closes
 *                        their connections
 */
public record HttpSettings(String host, int port, long maxRequestBytes, Duration shutdownTimeout) {

    /** The defaults: loopback only, port 8080, 16 MiB bodies, 10 seconds to drain. */
    public static HttpSettings defaults() {
        return new HttpSettings("127.0.0.1", 8080, 16L * 1024 * 1024, Duration.ofSeconds(10));
    }

    /**
     * @throws IllegalArgumentException naming the field when a value is out of range
     */
    public HttpSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
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
    }
}
