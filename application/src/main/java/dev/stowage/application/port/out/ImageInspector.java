package dev.stowage.application.port.out;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;

/** Reads image facts and makes previews, for program master images. */
public interface ImageInspector {

    /** @param formatName as the image's own header says, for example {@code png} or {@code jpeg} */
    record ImageFacts(String formatName, int width, int height) {
    }

    /**
     * Reads the image header from {@code data}.
     *
     * @return the facts, or empty when the bytes are not an image this inspector reads
     */
    Optional<ImageFacts> inspect(InputStream data);

    /**
     * Writes a PNG preview of the image whose longer edge is at most {@code maxEdge} pixels.
     *
     * @return false when the bytes are not an image this inspector reads (nothing written)
     */
    boolean thumbnail(InputStream image, OutputStream png, int maxEdge);
}
