package dev.stowage.domain.document;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;

/**
 * The file name a download is offered under: 1-255 printable characters, no path separators,
 * not {@code .} or {@code ..}. It never becomes a storage path.
 */
public record FileName(String value) {
    public FileName {
        Checks.text(value, "file name", 255);
        if (value.indexOf('/') >= 0 || value.indexOf('\\') >= 0) {
            throw new InvalidInputException("file name must not contain '/' or '\\'");
        }
        if (value.equals(".") || value.equals("..")) {
            throw new InvalidInputException("file name must not be '.' or '..'");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
