package dev.stowage.adapter.out.images;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Limits of image reading.
 *
 * @param maxPixels the most pixels (width × height) an image may declare; a larger one is refused
 *                  from its header, before any pixel is decoded
 * @param cacheDir  where image readers spill the bytes they have read (so a large image is never
 *                  held in memory); made when first needed
 */
public record ImageSettings(long maxPixels, Path cacheDir) {
    public ImageSettings {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels < 1");
        }
        Objects.requireNonNull(cacheDir, "cacheDir");
    }
}
