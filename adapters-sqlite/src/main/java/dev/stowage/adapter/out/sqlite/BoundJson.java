package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.common.Json;

/**
 * Builds the JSON array of arrays that a bulk statement reads row by row with {@code json_each}:
 * many rows bound as one parameter, so N rows cost one statement run instead of N. Values are
 * strings, integers or null; strings are escaped here (RFC 8259), which keeps every value bound,
 * never part of the SQL text.
 */
final class BoundJson {
    private final StringBuilder out;
    private boolean firstRow = true;
    private boolean firstValue;

    BoundJson(int expectedChars) {
        out = new StringBuilder(expectedChars).append('[');
    }

    BoundJson row() {
        if (!firstRow) {
            out.append("],");
        }
        firstRow = false;
        firstValue = true;
        out.append('[');
        return this;
    }

    BoundJson text(String value) {
        comma();
        if (value == null) {
            out.append("null");
        } else {
            Json.quote(value, out);
        }
        return this;
    }

    BoundJson number(long value) {
        comma();
        out.append(value);
        return this;
    }

    BoundJson number(Long value) {
        return value == null ? text(null) : number(value.longValue());
    }

    private void comma() {
        if (!firstValue) {
            out.append(',');
        }
        firstValue = false;
    }

    /** The finished array. */
    String json() {
        return firstRow ? "[]" : out + "]]";
    }
}
