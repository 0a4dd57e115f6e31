package dev.stowage.domain.common;

import java.util.Optional;

/**
 * Prefix searches as ranges: the strings that start with a prefix are those from the prefix itself
 * up to (not including) its {@linkplain #successor successor}, in code-point order. A store asks for
 * that range instead of a LIKE, so {@code %} and {@code _} are plain characters and an index on the
 * column answers it as one range.
 */
public final class Prefixes {
    private Prefixes() {
    }

    /**
     * The least string greater than every string that starts with {@code prefix}, in code-point
     * order (SQLite compares UTF-8 bytes, PostgreSQL under {@code COLLATE "C"} too; both are
     * code-point order): the prefix with its last code point raised by one. A last code point that
     * cannot be raised (U+10FFFF) is dropped and the one before it raised; empty when every code
     * point is the highest (then every string from the prefix on starts with it or is greater).
     * The surrogate block is stepped over, since those code points never stand alone in valid text.
     */
    public static Optional<String> successor(String prefix) {
        int end = prefix.length();
        while (end > 0) {
            int last = prefix.codePointBefore(end);
            int start = end - Character.charCount(last);
            if (last < Character.MAX_CODE_POINT) {
                int next = last + 1 == Character.MIN_SURROGATE ? Character.MAX_SURROGATE + 1 : last + 1;
                return Optional.of(prefix.substring(0, start) + Character.toString(next));
            }
            end = start;
        }
        return Optional.empty();
    }
}
