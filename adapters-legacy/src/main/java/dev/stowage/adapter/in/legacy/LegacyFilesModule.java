package dev.stowage.adapter.in.legacy;

import com.google.inject.AbstractModule;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import java.util.Objects;

/** Binds {@link LegacyFiles}: the streaming readers of the legacy app's files, over Jackson's parser. */
public final class LegacyFilesModule extends AbstractModule {
    private final LegacySettings settings;

    public LegacyFilesModule(LegacySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(LegacyFiles.class).toInstance(new JacksonLegacyFiles(settings));
    }
}
