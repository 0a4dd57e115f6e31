package dev.stowage.application.port.out;

import dev.stowage.domain.document.MimeType;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Reads image facts and makes previews, for program master images. Reads PNG and JPEG, and WebP
 * where the runtime has a reader for it; every other format is refused. An implementation has a
 * limit on pixels (width × height) and refuses a larger image before decoding any pixel, so a
 * small file that declares huge dimensions (a decompression bomb) costs nothing.
 */
public interface ImageInspector {

    /**
     * @param formatName as the image's own header says: {@code png}, {@code jpeg} or {@code webp}
     * @param mimeType   the format's MIME type
     */
    record ImageFacts(String formatName, MimeType mimeType, int width, int height) {
        public ImageFacts {
            Objects.requireNonNull(formatName, "formatName");
            Objects.requireNonNull(mimeType, "mimeType");
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("an image has at least one pixel");
            }
        }
    }

    /**
     * Reads the image header from {@code data}, not the pixels. Does not close {@code data}.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the bytes are not an image of a
     *         format this inspector reads (empty, another format, a broken header)
     * @throws dev.stowage.domain.error.TooLargeException     when the header declares more pixels than the limit
     */
    ImageFacts inspect(InputStream data);

    /**
     * Writes a PNG preview of the image whose longer edge is at most {@code maxEdge} pixels (an image
     * already that small keeps its size). Decodes with source subsampling, so memory is bounded by the
     * preview's size rather than the image's. Does not close either stream.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the bytes are not a readable image,
     *         including pixel data that is truncated or corrupt after a valid header
     * @throws dev.stowage.domain.error.TooLargeException     when the header declares more pixels than the limit
     * @throws java.io.UncheckedIOException                  when {@code png} fails to take the output
     */
    void thumbnail(InputStream image, OutputStream png, int maxEdge);
}
