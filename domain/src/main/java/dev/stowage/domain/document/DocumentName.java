package dev.stowage.domain.document;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;

/**
 * A document's name, unique per owner: 1-255 printable characters without leading or trailing
 * spaces. It names the document for people; it never becomes a storage path.
 */
public record DocumentName(String value) {
    public static final int MAX_LENGTH = 255;

    public DocumentName {
        Checks.text(value, "document name", MAX_LENGTH);
        if (!value.strip().equals(value)) {
            throw new InvalidInputException("document name must not start or end with white space");
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
