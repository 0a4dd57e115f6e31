package dev.stowage.adapter.in.http;

import com.google.inject.AbstractModule;
import com.google.inject.Key;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import com.google.inject.name.Named;
import com.google.inject.name.Names;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.out.Managed;
import java.util.Objects;
import java.util.function.IntSupplier;

/**
 * The HTTP interface of Stowage: the JSON API under {@code /api/v1} (queues, remote workers,
 * templates, documents, usage) with bearer tokens, its OpenAPI document at
 * {@code /api/v1/openapi.json}, {@code /health}, {@code /metrics}, and every error as
 * {@code application/problem+json} (RFC 9457).
 *
 * <p>Contributes the server to {@code Set<Managed>} (phase 100, so it starts after the stores and
 * stops before them). Requires bindings for
 * {@link dev.stowage.application.port.in.CheckHealthUseCase},
 * {@link io.micrometer.prometheusmetrics.PrometheusMeterRegistry},
 * {@link dev.stowage.application.port.in.token.ManageTokensUseCase}, the queue use cases
 * ({@link dev.stowage.application.port.in.queue.EnqueueJobsUseCase},
 * {@link dev.stowage.application.port.in.queue.WorkJobsUseCase},
 * {@link dev.stowage.application.port.in.queue.ManageJobsUseCase},
 * {@link dev.stowage.application.port.in.queue.AdministerQueuesUseCase},
 * {@link dev.stowage.application.port.in.queue.ManageTemplatesUseCase}) and the document use cases
 * ({@link dev.stowage.application.port.in.document.StoreDocumentsUseCase},
 * {@link dev.stowage.application.port.in.document.ManageDocumentsUseCase}), and a binding of
 * {@code Optional<}{@link dev.stowage.application.port.in.program.ManageProgramsUseCase}{@code >}:
 * the program routes are served when it is present, and of
 * {@code Optional<}{@link dev.stowage.application.port.in.legacy.ImportProgramsUseCase}{@code >}:
 * the legacy import of programs ({@code POST /api/v1/programs/import}) is served when it is present.
 * The backup routes ({@code /api/v1/backups}, administrators only) are served when the assembly binds
 * {@link dev.stowage.application.port.in.backup.ManageBackupsUseCase}.
 */
public final class HttpModule extends AbstractModule {

    private static final String BOUND_PORT_NAME = "stowage.http.bound-port";

    /**
     * The port the server listens on once started; useful with port 0. Reading it before the
     * server has started throws {@link IllegalStateException}.
     */
    public static final Key<IntSupplier> BOUND_PORT =
            Key.get(IntSupplier.class, Names.named(HttpModule.BOUND_PORT_NAME));

    private final HttpSettings settings;

    /** @param settings where to listen and what to accept */
    public HttpModule(HttpSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(HttpSettings.class).toInstance(settings);
        bind(HttpServer.class).in(Singleton.class);
        Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(HttpServer.class);
        // present exactly when the assembly binds the backup use case (bootstrap always does)
        OptionalBinder.newOptionalBinder(binder(), ManageBackupsUseCase.class);
    }

    @Provides
    @Singleton
    @Named(BOUND_PORT_NAME)
    IntSupplier boundPort(HttpServer server) {
        return server::port;
    }
}
