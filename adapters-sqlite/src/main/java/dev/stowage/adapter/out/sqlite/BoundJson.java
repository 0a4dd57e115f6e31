package dev.stowage.adapter.out.sqlite;

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
            return this;
        }
        out.append('"');
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xF, 16));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
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
