package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.util.Modules;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.bootstrap.config.StowageConfig.Blobs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The blob backends by the name used in {@code stowage.blobs.backend}. Each entry gives the Guice
 * module to install for that backend: the backend's adapter module (see
 * {@link #fsAdapterModule} and {@link #s3AdapterModule}) plus a {@code blobs} health indicator that
 * names the backend. Health details carry no paths or endpoints: health may be served to callers
 * who should not learn the storage layout.
 */
public final class BlobBackends {
    private final Map<String, Function<Blobs, Module>> byName;
    private final List<String> names;

    private BlobBackends(LinkedHashMap<String, Function<Blobs, Module>> byName) {
        this.byName = Map.copyOf(byName);
        this.names = List.copyOf(byName.keySet());
    }

    /** The backends Stowage ships: {@code fs} and {@code s3}. */
    public static BlobBackends standard() {
        var byName = new LinkedHashMap<String, Function<Blobs, Module>>();
        byName.put("fs", blobs -> Modules.combine(
                fsAdapterModule(blobs),
                health("fs", Map.of())));
        byName.put("s3", blobs -> Modules.combine(
                s3AdapterModule(blobs),
                health("s3", Map.of("bucket", blobs.s3().bucket()))));
        return new BlobBackends(byName);
    }

    /** The backend names, in the order they are documented. */
    public List<String> names() {
        return names;
    }

    /**
     * The module for the configured backend.
     *
     * @throws IllegalArgumentException naming the key and the allowed values for an unknown backend
     */
    public Module moduleFor(Blobs blobs) {
        Function<Blobs, Module> factory = byName.get(blobs.backend());
        if (factory == null) {
            throw new IllegalArgumentException("stowage.blobs.backend: '" + blobs.backend()
                    + "' is not one of " + names);
        }
        return factory.apply(blobs);
    }

    /**
     * The adapter module that binds the blob store port on the local filesystem under
     * {@code stowage.blobs.fs.root}. The filesystem adapter module is not part of the build yet, so
     * this binds nothing; the selection, validation and health reporting around it are complete.
     */
    static Module fsAdapterModule(Blobs blobs) {
        return Modules.EMPTY_MODULE;
    }

    /**
     * The adapter module that binds the blob store port to an S3 bucket from
     * {@code stowage.blobs.s3.*}. The S3 adapter module is not part of the build yet, so this binds
     * nothing; the selection, validation and health reporting around it are complete.
     */
    static Module s3AdapterModule(Blobs blobs) {
        return Modules.EMPTY_MODULE;
    }

    private static Module health(String backend, Map<String, String> facts) {
        var details = new LinkedHashMap<String, String>();
        details.put("backend", backend);
        details.putAll(facts);
        HealthIndicator indicator = new HealthIndicator() {
            @Override
            public String component() {
                return "blobs";
            }

            @Override
            public ComponentHealth check() {
                return ComponentHealth.up(details);
            }
        };
        return new AbstractModule() {
            @Override
            protected void configure() {
                Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding().toInstance(indicator);
            }
        };
    }
}
