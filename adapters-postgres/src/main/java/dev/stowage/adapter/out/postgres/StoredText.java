package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;

/**
 * What the stores of this package do to values before PostgreSQL sees them.
 *
 * <p>Text: PostgreSQL's text cannot hold U+0000 (the server refuses the whole statement) and the
 * driver writes an unpaired UTF-16 surrogate as {@code ?}. Both are refused here with a typed error
 * naming the field, so what is stored is always what was given and nothing reaches the server
 * that would fail there as a 500.
 * (Instants are kept as BIGINT nanoseconds since the Unix epoch, as in V2: {@link
 * dev.stowage.domain.common.EpochTime#nanos}.)
 */
final class StoredText {
    private StoredText() {
    }

    static String require(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\u0000') {
                throw new InvalidInputException(field + " must not contain the NUL character (U+0000, at index " + i
                        + "): the PostgreSQL database cannot store it");
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidInputException(field + " '" + Checks.printable(value.replace(c, '?'))
                        + "' is not valid Unicode text (an unpaired surrogate at index " + i + ")");
            }
        }
        return value;
    }
}
