package dev.stowage.adapter.out.images;

import com.google.inject.AbstractModule;
import dev.stowage.application.port.out.ImageInspector;
import java.util.Objects;

/** Binds {@link ImageInspector} to the JDK's ImageIO readers, within the limits of {@link ImageSettings}. */
public final class ImagesModule extends AbstractModule {
    private final ImageSettings settings;

    public ImagesModule(ImageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    protected void configure() {
        bind(ImageInspector.class).toInstance(new ImageIoInspector(settings));
    }
}
