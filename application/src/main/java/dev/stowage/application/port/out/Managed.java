package dev.stowage.application.port.out;

/**
 * Something with a life: started once after assembly, stopped once at shutdown. Adapters contribute
 * their managed parts (database engines, servers, sweepers); the assembly starts them in ascending
 * {@link #phase()} and stops them in the reverse order.
 */
public interface Managed {

    /** Lower phases start first and stop last. Storage engines use 0, servers 100. */
    default int phase() {
        return 50;
    }

    /** A short name for logs. */
    String name();

    /** Starts the part. Called once; a failure aborts start-up. */
    void start();

    /** Stops the part, releasing what it holds. Called once, even when start failed. Must not throw. */
    void stop();
}
