package dev.stowage.application.port.in.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One program of a localStorage export, as {@link LegacyFiles#readPrograms} hands it over. Valid
 * only during that call: the image's temporary file is deleted afterwards.
 *
 * @param index    the entry's position in the export (0-based)
 * @param id       the entry's {@code id} when it is a string
 * @param fields   every member of the entry except {@code config}, as one JSON object text in file
 *                 order ({@code id}, {@code name}, {@code createdAt}, ... and any unknown member);
 *                 empty when the entry is not an object or could not be read
 * @param config   the entry's {@code config} as written, minus {@code masterImage}, as JSON text
 *                 (usually an object); empty when the entry has no {@code config}
 * @param image    the decoded master image; empty when {@code masterImage} is absent or null, or
 *                 when it could not be decoded (then {@code problems} says why)
 * @param problems what kept this entry from being read whole, for the import's report; empty when
 *                 nothing did
 */
public record LegacyProgram(int index, Optional<String> id, Optional<String> fields, Optional<String> config,
                            Optional<MasterImage> image, List<String> problems) {
    public LegacyProgram {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(image, "image");
        problems = List.copyOf(problems);
    }

    /** Opens the bytes of a decoded image; each call starts from the first byte. */
    @FunctionalInterface
    public interface ImageBytes {
        InputStream open() throws IOException;
    }

    /**
     * A master image decoded from its data URL.
     *
     * @param mime   the media type the data URL declared (for example {@code image/png}), as written
     * @param size   the decoded length in bytes
     * @param sha256 the SHA-256 of the decoded bytes, lower-case hex, for the import's verification
     */
    public record MasterImage(String mime, long size, String sha256, ImageBytes bytes) {
        public MasterImage {
            Objects.requireNonNull(mime, "mime");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(bytes, "bytes");
            if (size < 0) {
                throw new IllegalArgumentException("size must not be negative");
            }
        }

        /** The decoded bytes as a stream; the caller closes it. */
        public InputStream open() {
            try {
                return bytes.open();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
