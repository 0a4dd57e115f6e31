package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;

/**
 * Guards text columns against unpaired UTF-16 surrogates. A Java string may hold one; SQLite stores
 * UTF-8, which cannot, and the driver silently writes {@code ?} instead, so "a\uD800" would be
 * stored as, found as and clash with "a?". Refusing it keeps what is stored what was given.
 */
final class WellFormedText {
    private WellFormedText() {
    }

    static String require(String value, String field) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
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
