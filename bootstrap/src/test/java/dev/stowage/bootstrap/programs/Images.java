package dev.stowage.bootstrap.programs;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.adapter.out.images.ImageSettings;
import dev.stowage.adapter.out.images.ImagesModule;
import dev.stowage.application.port.out.BlobStore;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.port.out.Managed;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;

/** Builds the real adapters the program service tests run on. */
final class Images {
    private Images() {
    }

    static ImageInspector inspector(Path dir, long maxPixels) {
        return Guice.createInjector(new ImagesModule(new ImageSettings(maxPixels, dir.resolve("image-cache"))))
                .getInstance(ImageInspector.class);
    }

    /** The injector's blob store, once its managed parts (folders, bucket) have started. */
    static BlobStore started(Injector injector) {
        Set<Managed> parts = injector.getInstance(Key.get(new TypeLiteral<Set<Managed>>() { }));
        parts.stream().sorted(Comparator.comparingInt(Managed::phase)).forEach(Managed::start);
        return injector.getInstance(BlobStore.class);
    }
}
