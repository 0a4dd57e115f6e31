package dev.stowage.domain.common;

/**
 * An opaque position in a listing. Clients hand it back unchanged to get the next page; only the
 * store that issued it interprets it, and a store rejects a cursor it cannot decode with
 * {@link dev.stowage.domain.error.InvalidInputException}.
 */
public record Cursor(String value) {
    public Cursor {
        Checks.text(value, "cursor", 1024);
    }

    @Override
    public String toString() {
        return value;
    }
}
