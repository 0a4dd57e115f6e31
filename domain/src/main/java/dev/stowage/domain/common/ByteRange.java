package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;

/**
 * A byte range {@code [first, last]}, both inclusive, as in HTTP's {@code Range: bytes=first-last}.
 */
public record ByteRange(long first, long last) {
    public ByteRange {
        if (first < 0 || last < first) {
            throw new InvalidInputException("byte range " + first + "-" + last + " is not a valid range");
        }
    }

    public long length() {
        return last - first + 1;
    }

    /**
     * This range clipped to an object of {@code size} bytes.
     *
     * @throws InvalidInputException when the range starts at or past the end (HTTP 416)
     */
    public ByteRange clip(long size) {
        if (first >= size) {
            throw new InvalidInputException("byte range starts at " + first + ", past the end of " + size + " bytes");
        }
        return new ByteRange(first, Math.min(last, size - 1));
    }
}
