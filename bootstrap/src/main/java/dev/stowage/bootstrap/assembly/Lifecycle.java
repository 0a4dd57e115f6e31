package dev.stowage.bootstrap.assembly;

import dev.stowage.application.port.out.Managed;
import jakarta.inject.Inject;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts every {@link Managed} part in ascending {@link Managed#phase()} (ties by name) and stops
 * them in the reverse order: the HTTP server (100) drains before the database engine (0)
 * checkpoints and closes.
 */
public final class Lifecycle {
    private static final Logger log = LoggerFactory.getLogger(Lifecycle.class);

    private final List<Managed> ordered;
    private final Deque<Managed> started = new ArrayDeque<>();
    private boolean stopped;

    /** @param parts every part contributed by the installed modules */
    @Inject
    public Lifecycle(Set<Managed> parts) {
        this.ordered = parts.stream()
                .sorted(Comparator.comparingInt(Managed::phase).thenComparing(Managed::name))
                .toList();
    }

    /** The parts in start order. */
    public List<Managed> parts() {
        return ordered;
    }

    /**
     * Starts every part. If one fails, the parts already started are stopped, in reverse, and the
     * failure is rethrown naming the part.
     *
     * @throws IllegalStateException when called twice or after {@link #stop()}
     */
    public synchronized void start() {
        if (!started.isEmpty() || stopped) {
            throw new IllegalStateException("the lifecycle runs once");
        }
        for (Managed part : ordered) {
            long t0 = System.nanoTime();
            try {
                part.start();
            } catch (RuntimeException e) {
                stopStarted();
                stopped = true;
                throw new StartupException(part.name(), e);
            }
            started.push(part);
            if (log.isDebugEnabled()) { // start-up time is downtime after a crash: say where it goes
                log.debug("started {} (phase {}) in {} ms", part.name(), part.phase(), (System.nanoTime() - t0) / 1_000_000);
            }
        }
    }

    /**
     * Stops every started part in reverse start order. Idempotent; never throws.
     *
     * @return true when every part stopped without failing
     */
    public synchronized boolean stop() {
        if (stopped) {
            return true;
        }
        stopped = true;
        return stopStarted();
    }

    private boolean stopStarted() {
        boolean clean = true;
        while (!started.isEmpty()) {
            Managed part = started.pop();
            try {
                part.stop();
                log.debug("stopped {}", part.name());
            } catch (RuntimeException e) {
                clean = false;
                log.error("{} failed to stop", part.name(), e);
            }
        }
        return clean;
    }

    /** A part failed to start; its name is in the message. */
    public static final class StartupException extends RuntimeException {
        StartupException(String part, RuntimeException cause) {
            super("cannot start " + part + ": " + messageOf(cause), cause);
        }

        private static String messageOf(Throwable e) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
    }
}
