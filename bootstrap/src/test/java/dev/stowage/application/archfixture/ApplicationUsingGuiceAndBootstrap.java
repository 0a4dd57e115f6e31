package dev.stowage.application.archfixture;

import com.google.inject.Inject;
import dev.stowage.bootstrap.config.StowageConfig;

/** Breaks rules (b) and (d) on purpose: the application layer reaching for Guice and for bootstrap. */
public final class ApplicationUsingGuiceAndBootstrap {
    private final StowageConfig config;

    @Inject
    public ApplicationUsingGuiceAndBootstrap(StowageConfig config) {
        this.config = config;
    }

    public StowageConfig config() {
        return config;
    }
}
