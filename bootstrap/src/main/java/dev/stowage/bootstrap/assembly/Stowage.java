package dev.stowage.bootstrap.assembly;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.Stage;
import dev.stowage.adapter.in.http.HttpModule;
import dev.stowage.adapter.in.http.HttpSettings;
import dev.stowage.bootstrap.config.StowageConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An assembled Stowage instance: the Guice injector for a configuration and the lifecycle of its
 * parts. Build one with {@link #service} (everything, with HTTP) or {@link #databaseTools} (the
 * database engine only, for the {@code db} commands); then {@link #start()} and, at the end,
 * {@link #stop()}.
 */
public final class Stowage implements AutoCloseable {
    private final Injector injector;
    private final Lifecycle lifecycle;

    private Stowage(List<Module> modules) {
        this.injector = Guice.createInjector(Stage.PRODUCTION, modules);
        this.lifecycle = injector.getInstance(Lifecycle.class);
    }

    /** The whole service: database, blob backend, HTTP. */
    public static Stowage service(StowageConfig config) {
        return service(config, BlobBackends.standard());
    }

    /** The whole service, choosing the blob backend from {@code backends}. */
    public static Stowage service(StowageConfig config, BlobBackends backends) {
        Objects.requireNonNull(config, "config");
        DataFolders.create(config);
        var modules = new ArrayList<Module>();
        modules.add(new CoreModule());
        modules.add(DatabaseModules.sqlite(config));
        modules.add(backends.moduleFor(config));
        modules.add(new ApplicationModule(config));
        modules.add(new HousekeepingModule());
        modules.add(new HttpModule(httpSettings(config)));
        return new Stowage(modules);
    }

    /**
     * The stores and the application services without HTTP and without background housekeeping,
     * for CLI commands that work on the data (queue, documents, tokens, imports, fsck). It may run
     * while a service uses the same data folder.
     */
    public static Stowage tools(StowageConfig config) {
        Objects.requireNonNull(config, "config");
        DataFolders.create(config);
        return new Stowage(List.of(new CoreModule(),
                DatabaseModules.sqlite(config),
                BlobBackends.standard().moduleFor(config),
                new ApplicationModule(config)));
    }

    /** The database engine alone, opened without migrating, for administration commands. */
    public static Stowage databaseTools(StowageConfig config) {
        Objects.requireNonNull(config, "config");
        DataFolders.create(config);
        return new Stowage(List.of(new CoreModule(), DatabaseModules.sqlite(config.database(), false)));
    }

    /** Starts every part in phase order; on failure, whatever started is stopped again. */
    public void start() {
        lifecycle.start();
    }

    /**
     * Stops every part in reverse phase order. Idempotent.
     *
     * @return true when every part stopped cleanly
     */
    public boolean stop() {
        return lifecycle.stop();
    }

    @Override
    public void close() {
        stop();
    }

    /** An instance from the injector, for example a port or use case. */
    public <T> T instance(Class<T> type) {
        return injector.getInstance(type);
    }

    /** An instance from the injector by key. */
    public <T> T instance(Key<T> key) {
        return injector.getInstance(key);
    }

    /** The port the HTTP server listens on; only for {@link #service} after {@link #start()}. */
    public int httpPort() {
        return injector.getInstance(HttpModule.BOUND_PORT).getAsInt();
    }

    static HttpSettings httpSettings(StowageConfig config) {
        StowageConfig.Http http = config.http();
        return new HttpSettings(http.host(), http.port(), http.maxRequestBytes(), http.shutdownTimeout(),
                http.maxJsonBytes(), (int) http.maxHeaderBytes(), http.anonymousPublicReads(), http.metricsRequireToken(),
                http.maxClaimWait(), config.documents().maxDocumentBytes());
    }
}
