package dev.stowage.application.worker;

/**
 * Job handlers packaged for a Stowage service ({@code stowage serve}) rather than registered from
 * an embedding application's code. The service finds plugins with {@link java.util.ServiceLoader}:
 * a jar names its implementations in {@code META-INF/services/dev.stowage.application.worker.JobHandlerPlugin}
 * and sits on the class path or in the folder {@code stowage.workers.plugins-dir}. Each
 * implementation needs a public constructor without parameters.
 *
 * <p>The service asks every plugin for its handlers once, at start-up, and runs the handlers of the
 * queues listed in {@code stowage.workers.queues} in one {@link WorkerRuntime}; handlers of other
 * queues are left unused. Two plugins handling the same job type of one queue stop the start-up, as
 * does a listed queue that no plugin handles. Handlers run on the runtime's threads and must be
 * thread-safe; delivery is at least once (see {@link JobHandler}).
 */
public interface JobHandlerPlugin {

    /**
     * Adds this plugin's handlers. Called once per start-up, before any job runs; an exception
     * thrown here stops the start-up with the plugin's name.
     */
    void register(Handlers handlers);

    /** Where a plugin puts its handlers. */
    interface Handlers {

        /**
         * Handles the jobs of {@code type} on {@code queue} with {@code handler}.
         *
         * @throws dev.stowage.domain.error.InvalidInputException when the queue name or job type breaks its rule
         * @throws IllegalStateException when the pair already has a handler (from this plugin or another)
         */
        void handle(String queue, String type, JobHandler handler);
    }
}
