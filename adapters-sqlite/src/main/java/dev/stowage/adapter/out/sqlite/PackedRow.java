package dev.stowage.adapter.out.sqlite;

/**
 * Reads the flat JSON arrays SQLite's {@code json_array} makes of a row whose columns are text,
 * integers or NULL: strings become {@code String}, integers {@code Long}, null {@code null}. Strict
 * about that shape, since anything else means the statement and this reader disagree.
 */
final class PackedRow {
    private final String text;
    private int at;

    private PackedRow(String text) {
        this.text = text;
    }

    /**
     * The array's values.
     *
     * @throws IllegalStateException when {@code text} is not such an array of exactly {@code size} values
     */
    static Object[] parse(String text, int size) {
        if (text == null) {
            throw new IllegalStateException("a packed row is NULL");
        }
        return new PackedRow(text).values(size);
    }

    private Object[] values(int size) {
        Object[] out = new Object[size];
        expect('[');
        for (int i = 0; i < size; i++) {
            if (i > 0) {
                expect(',');
            }
            out[i] = value();
        }
        expect(']');
        if (at != text.length()) {
            throw malformed("text after the array");
        }
        return out;
    }

    private Object value() {
        if (at >= text.length()) {
            throw malformed("the array ends early");
        }
        char c = text.charAt(at);
        if (c == '"') {
            return string();
        }
        if (c == 'n' && text.startsWith("null", at)) {
            at += 4;
            return null;
        }
        return integer();
    }

    private Long integer() {
        int start = at;
        if (at < text.length() && text.charAt(at) == '-') {
            at++;
        }
        long value = 0;
        int digits = 0;
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c < '0' || c > '9') {
                break;
            }
            value = Math.multiplyExact(value, 10) + (c - '0');
            digits++;
            at++;
        }
        if (digits == 0) {
            throw malformed("a value that is neither text, an integer nor null");
        }
        return text.charAt(start) == '-' ? -value : value;
    }

    private String string() {
        int start = ++at;
        // the common case, no escapes: one substring
        while (at < text.length()) {
            char c = text.charAt(at);
            if (c == '"') {
                return text.substring(start, at++);
            }
            if (c == '\\') {
                break;
            }
            at++;
        }
        StringBuilder out = new StringBuilder(text.length() - start).append(text, start, at);
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                break;
            }
            char e = text.charAt(at++);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw malformed("a cut \\u escape");
                    }
                    out.append((char) Integer.parseInt(text, at, at + 4, 16));
                    at += 4;
                }
                default -> throw malformed("an unknown escape \\" + e);
            }
        }
        throw malformed("an unterminated string");
    }

    private void expect(char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw malformed("'" + c + "' expected at " + at);
        }
        at++;
    }

    private IllegalStateException malformed(String what) {
        return new IllegalStateException("a packed job row is malformed: " + what);
    }
}
