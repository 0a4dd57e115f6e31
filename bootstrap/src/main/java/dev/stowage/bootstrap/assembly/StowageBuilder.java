package dev.stowage.bootstrap.assembly;

import dev.stowage.bootstrap.config.ConfigLoader;
import dev.stowage.bootstrap.config.StowageConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Assembles an embedded Stowage from code, for applications that use it as a library:
 *
 * <pre>{@code
 * try (Stowage stowage = Stowage.builder().dataDir(Path.of("data")).build()) {
 *     stowage.start();
 *     WorkerRuntime workers = stowage.workers("worker-1");
 *     workers.register("renders", "render", ctx -> render(ctx.payload()));
 *     workers.start();
 *     stowage.queue().enqueue("renders", "render", "{\"file\":\"a.stl\"}");
 *     ...
 * }
 * }</pre>
 *
 * <p>Every setting is a configuration key (see {@code reference.conf}); the builder only adds
 * code-level overrides on top of the defaults, an optional file and, when asked, the environment.
 * A setting given twice is refused rather than silently overwritten. Values are checked when
 * {@link #build()} runs, with the same messages as a configuration file.
 */
public final class StowageBuilder {
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Optional<Path> file = Optional.empty();
    private Map<String, String> environment = Map.of();
    private boolean http;
    private boolean housekeeping = true;

    StowageBuilder() {
    }

    /** The folder for everything ({@code stowage.data-dir}). */
    public StowageBuilder dataDir(Path dir) {
        return set("stowage.data-dir", Objects.requireNonNull(dir, "dir").toString());
    }

    /** Any configuration key, for example {@code set("stowage.blobs.backend", "s3")}. */
    public StowageBuilder set(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (overrides.putIfAbsent(key, value) != null) {
            throw new IllegalStateException(key + " was already set to '" + overrides.get(key) + "'");
        }
        return this;
    }

    /** A HOCON file read under the code-level settings. */
    public StowageBuilder configFile(Path path) {
        if (file.isPresent()) {
            throw new IllegalStateException("a configuration file was already given: " + file.get());
        }
        file = Optional.of(Objects.requireNonNull(path, "path"));
        return this;
    }

    /** Also reads {@code STOWAGE_*} environment variables (off by default for a library). */
    public StowageBuilder withEnvironment(Map<String, String> env) {
        environment = Map.copyOf(env);
        return this;
    }

    /** Also serves the HTTP API (off by default for a library). */
    public StowageBuilder withHttp() {
        http = true;
        return this;
    }

    /**
     * Leaves out the background housekeeping (lease recovery, retention, the document sweeper) —
     * for short-lived tools; a long-running application should keep it.
     */
    public StowageBuilder withoutHousekeeping() {
        housekeeping = false;
        return this;
    }

    /** The configuration these settings make, checked. */
    public StowageConfig config() {
        return ConfigLoader.load(new ConfigLoader.Sources(file, environment, overrides));
    }

    /**
     * Assembles the instance; call {@link Stowage#start()} on it next. Stowage's own lines and any
     * java.util.logging or {@link System.Logger} output go to SLF4J from here on (see {@link JdkLogging}).
     */
    public Stowage build() {
        JdkLogging.routeToSlf4j();
        StowageConfig config = config();
        return Stowage.assemble(config, http, housekeeping);
    }
}
