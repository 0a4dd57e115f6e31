package dev.stowage.adapter.out.images;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Limits of image reading.
 *
 * @param maxPixels the most pixels (width × height) an image may declare; a larger one is refused
 *                  from its header, before any pixel is decoded: {@link #MAX_PIXELS}
 * @param cacheDir  where image readers spill the bytes they have read (so a large image is never
 *                  held in memory); made when first needed
 */
public record ImageSettings(long maxPixels, Path cacheDir) {
    /** Up to two billion pixels: a 44,000-pixel square. */
    public static final Allowed.Whole MAX_PIXELS = Allowed.whole(1, 2_000_000_000);

    public ImageSettings {
        Objects.requireNonNull(cacheDir, "cacheDir");
        SettingsCheck.of(ImageSettings.class).in("maxPixels", maxPixels, MAX_PIXELS).done();
    }
}
