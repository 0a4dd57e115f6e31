package dev.stowage.bootstrap.assembly;

import dev.stowage.application.worker.JobHandler;
import dev.stowage.application.worker.JobHandlerPlugin;
import dev.stowage.application.worker.WorkerRuntime;
import dev.stowage.bootstrap.config.InvalidConfigException;
import dev.stowage.bootstrap.config.WorkerSettings;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The job handlers that {@link JobHandlerPlugin}s on the class path and in
 * {@code stowage.workers.plugins-dir} offer for the queues a service serves in-process
 * ({@code stowage.workers.queues}). Loading them is the first thing a service does, before it
 * connects to anything, so a missing or broken plugin stops the start-up at once with its name.
 */
public final class WorkerPlugins {
    /** A handler and the plugin it came from, to name both in an error. */
    private record Offered(JobHandler handler, String plugin) {
    }

    private final WorkerSettings settings;
    private final Map<QueueName, Map<JobType, JobHandler>> served;

    private WorkerPlugins(WorkerSettings settings, Map<QueueName, Map<JobType, JobHandler>> served) {
        this.settings = settings;
        this.served = served;
    }

    /**
     * Finds the plugins and keeps the handlers of the served queues; nothing is searched when no
     * queue is served.
     *
     * @param parent the class loader of the class path (plugin jars are loaded in a child of it)
     * @throws InvalidConfigException when the plugin folder cannot be read, or a served queue has no handler
     * @throws IllegalStateException when a plugin cannot be loaded or refuses to register, or two
     *         plugins handle one job type of one queue
     */
    public static WorkerPlugins load(WorkerSettings settings, ClassLoader parent) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(parent, "parent");
        if (settings.queues().isEmpty()) {
            return new WorkerPlugins(settings, Map.of());
        }
        ClassLoader loader = settings.pluginsDir().map(dir -> jarsOf(dir, parent)).orElse(parent);
        Map<QueueName, Map<JobType, Offered>> offered = new LinkedHashMap<>();
        for (JobHandlerPlugin plugin : plugins(loader)) {
            String name = plugin.getClass().getName();
            try {
                plugin.register((queue, type, handler) -> offer(offered, new QueueName(queue), new JobType(type),
                        new Offered(Objects.requireNonNull(handler, "handler"), name)));
            } catch (RuntimeException e) {
                throw new IllegalStateException("job handler plugin " + name + " failed to register its handlers: "
                        + e.getMessage(), e);
            }
        }
        var served = new LinkedHashMap<QueueName, Map<JobType, JobHandler>>();
        var missing = new ArrayList<String>();
        for (WorkerSettings.ServedQueue queue : settings.served()) {
            var byType = offered.get(queue.queue());
            if (byType == null) {
                missing.add("stowage.workers.queues: no job handler plugin handles queue '" + queue.queue() + "' (searched "
                        + where(settings) + "; handled: " + describe(offered) + ")");
            } else {
                var handlers = new LinkedHashMap<JobType, JobHandler>();
                byType.forEach((type, o) -> handlers.put(type, o.handler()));
                served.put(queue.queue(), handlers);
            }
        }
        if (!missing.isEmpty()) {
            throw new InvalidConfigException(missing);
        }
        return new WorkerPlugins(settings, served);
    }

    /** True when this process serves some queue in-process. */
    public boolean serves() {
        return !served.isEmpty();
    }

    /** Registers the served queues' handlers, and their limits, on {@code runtime}; before it starts. */
    public WorkerRuntime registerOn(WorkerRuntime runtime) {
        for (WorkerSettings.ServedQueue queue : settings.served()) {
            served.get(queue.queue()).forEach((type, handler) -> runtime.register(queue.queue(), type, handler));
            queue.limit().ifPresent(most -> runtime.limit(queue.queue(), most));
        }
        return runtime;
    }

    private static void offer(Map<QueueName, Map<JobType, Offered>> offered, QueueName queue, JobType type, Offered o) {
        Offered before = offered.computeIfAbsent(queue, q -> new TreeMap<>((a, b) -> a.value().compareTo(b.value())))
                .putIfAbsent(type, o);
        if (before != null) {
            throw new IllegalStateException("job type '" + type + "' of queue '" + queue + "' is handled by both "
                    + before.plugin() + " and " + o.plugin());
        }
    }

    private static List<JobHandlerPlugin> plugins(ClassLoader loader) {
        var found = new ArrayList<JobHandlerPlugin>();
        var providers = ServiceLoader.load(JobHandlerPlugin.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return found;
                }
                found.add(providers.next());
            } catch (ServiceConfigurationError e) {
                // a class named in META-INF/services that is missing, not a plugin, or throws when made
                throw new IllegalStateException("a job handler plugin could not be loaded: " + e.getMessage()
                        + (e.getCause() == null ? "" : " (" + e.getCause() + ")"), e);
            }
        }
    }

    /** A loader over the folder's jars, in name order, below the class path's. */
    private static ClassLoader jarsOf(Path dir, ClassLoader parent) {
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path jar : files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidConfigException(List.of("stowage.workers.plugins-dir: '" + dir
                    + "' cannot be read: " + e.getMessage()));
        }
        // kept open for the process's life: the handlers' classes are loaded from it as jobs run
        return new URLClassLoader("stowage-worker-plugins", jars.toArray(URL[]::new), parent);
    }

    private static String where(WorkerSettings settings) {
        return settings.pluginsDir().map(dir -> "the class path and the jars in " + dir).orElse("the class path");
    }

    private static String describe(Map<QueueName, Map<JobType, Offered>> offered) {
        if (offered.isEmpty()) {
            return "none";
        }
        return offered.entrySet().stream()
                .map(e -> "queue '" + e.getKey() + "' " + e.getValue().keySet() + " by "
                        + e.getValue().values().stream().map(Offered::plugin).distinct().collect(Collectors.joining(", ")))
                .collect(Collectors.joining("; "));
    }
}
