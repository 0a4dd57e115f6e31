package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer over plain Java values: the one JSON code of the
 * core and of the adapters without a JSON library of their own (see "JSON" in docs/architecture.md
 * for why it is not Jackson behind a port). {@link JsonText} checks with it, the core reads legacy
 * files, merges payloads and diffs configs with it, and the SQLite adapter packs and unpacks rows.
 *
 * <p>Values map as: object - {@code Map<String, Object>} (insertion-ordered), array -
 * {@code List<Object>}, string - {@code String}, number - {@code BigDecimal} (exact), true/false -
 * {@code Boolean}, null - {@code null}. Duplicate object keys are rejected: their meaning is
 * undefined and they are a common smuggling trick.
 */
public final class Json {
    static final int MAX_DEPTH = 128;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws InvalidInputException with the offset and the reason when the text is not JSON
     */
    public static Object parse(String text) {
        return read(text, true);
    }

    /**
     * Checks that {@code text} is one JSON value, by the same rules as {@link #parse}, without making
     * the value: much cheaper where only the verdict is needed.
     *
     * @throws InvalidInputException with the offset and the reason when the text is not JSON
     */
    public static void check(String text) {
        read(text, false);
    }

    private static Object read(String text, boolean build) {
        Checks.present(text, "json");
        var p = new Reader(text, build);
        p.skipSpace();
        Object v = p.value();
        p.skipSpace();
        if (p.pos != text.length()) {
            p.fail("unexpected text after the JSON value");
        }
        return v;
    }

    /** Writes a value made of the types {@link #parse} produces (any {@code Number} is accepted). */
    public static String write(Object value) {
        var sb = new StringBuilder();
        write(value, sb, 0);
        return sb.toString();
    }

    /** Parses text that must be a JSON object. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseObject(String text, String field) {
        Object v = parse(text);
        if (!(v instanceof Map)) {
            throw new InvalidInputException(field + " must be a JSON object");
        }
        return (Map<String, Object>) v;
    }

    private static void write(Object v, StringBuilder sb, int depth) {
        if (depth > MAX_DEPTH) {
            throw new InvalidInputException("JSON nested deeper than " + MAX_DEPTH + " levels");
        }
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(s, sb);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toString());
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new InvalidInputException("JSON has no NaN or infinity");
            }
            sb.append(BigDecimal.valueOf(d).toString());
        } else if (v instanceof Number n) {
            sb.append(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (var e : m.entrySet()) {
                if (!(e.getKey() instanceof String k)) {
                    throw new InvalidInputException("JSON object keys must be strings");
                }
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(k, sb);
                sb.append(':');
                write(e.getValue(), sb, depth + 1);
            }
            sb.append('}');
        } else if (v instanceof List<?> l) {
            sb.append('[');
            for (int i = 0; i < l.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                write(l.get(i), sb, depth + 1);
            }
            sb.append(']');
        } else {
            throw new InvalidInputException("cannot write a " + v.getClass().getSimpleName() + " as JSON");
        }
    }

    /**
     * Appends {@code s} as a JSON string: quoted, with {@code "}, backslash and the control
     * characters escaped, everything else as it is.
     */
    public static void quote(String s, StringBuilder sb) {
        sb.append('"');
        int n = s.length();
        int runStart = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            sb.append(s, runStart, i);
            runStart = i + 1;
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        sb.append(s, runStart, n).append('"');
    }

    /**
     * Recursive descent over the text. With {@code build} it makes the value as it goes; without, it
     * only checks, making no maps, lists, numbers or strings: {@link JsonText} checks every value it
     * holds, stored ones included, and most are never looked into.
     */
    /** An ASCII hex digit's value (either case), or -1 for any other character. */
    static int hexDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static final class Reader {
        /** What {@link #string} does with a string besides checking it. */
        private static final int SKIP = 0;
        private static final int KEEP = 1;
        private static final int HASH = 2;

        private final String s;
        private final int end;
        private final boolean build;
        private int pos;
        private int depth;
        private int keyHash;

        Reader(String s, boolean build) {
            this.s = s;
            this.end = s.length();
            this.build = build;
        }

        Object value() {
            if (pos >= end) {
                fail("unexpected end of JSON");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string(build ? KEEP : SKIP);
                case 't' -> literal("true", Boolean.TRUE);
                case 'f' -> literal("false", Boolean.FALSE);
                case 'n' -> literal("null", null);
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        yield number();
                    }
                    fail("unexpected character '" + c + "'");
                    yield null;
                }
            };
        }

        private Map<String, Object> object() {
            enter();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return build ? new LinkedHashMap<>() : null;
            }
            Map<String, Object> map = build ? new LinkedHashMap<>() : null;
            Keys keys = build ? null : new Keys();
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    fail("expected a string key");
                }
                int keyAt = pos;
                String key = string(build ? KEEP : HASH);
                int hash = keyHash;
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value();
                if (build ? map.containsKey(key) : keys.seen(keyAt, hash)) {
                    pos = keyAt;
                    fail("duplicate key \"" + Checks.printable(build ? key : keyAt(keyAt)) + "\"");
                }
                if (build) {
                    map.put(key, v);
                }
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    depth--;
                    return map;
                } else {
                    fail("expected ',' or '}'");
                }
            }
        }

        /** The key whose opening quote is at {@code at}, already read once: decoded again. */
        private String keyAt(int at) {
            var again = new Reader(s, true);
            again.pos = at;
            return again.string(KEEP);
        }

        /**
         * The keys of one object while checking, known by where they are and a hash of their decoded
         * text, so telling a duplicate makes no strings (a hash match decodes the two to compare).
         */
        private final class Keys {
            private int[] at = new int[8];
            private int[] hashes = new int[8];
            private int[] slots = new int[16]; // index + 1 of the key, 0 for free; open addressing
            private int size;

            /** True when an earlier key of the object equals the one at {@code keyAt}; records it if not. */
            boolean seen(int keyAt, int hash) {
                int mask = slots.length - 1;
                for (int i = (hash ^ (hash >>> 16)) & mask; ; i = (i + 1) & mask) {
                    int k = slots[i] - 1;
                    if (k < 0) {
                        add(keyAt, hash, i);
                        return false;
                    }
                    if (hashes[k] == hash && keyAt(at[k]).equals(keyAt(keyAt))) {
                        return true;
                    }
                }
            }

            private void add(int keyAt, int hash, int slot) {
                if (size == at.length) {
                    at = Arrays.copyOf(at, size * 2);
                    hashes = Arrays.copyOf(hashes, size * 2);
                }
                at[size] = keyAt;
                hashes[size] = hash;
                slots[slot] = ++size;
                if (size * 2 > slots.length) {
                    slots = new int[slots.length * 2];
                    int mask = slots.length - 1;
                    for (int k = 0; k < size; k++) {
                        int i = (hashes[k] ^ (hashes[k] >>> 16)) & mask;
                        while (slots[i] != 0) {
                            i = (i + 1) & mask;
                        }
                        slots[i] = k + 1;
                    }
                }
            }
        }

        private List<Object> array() {
            enter();
            pos++;
            var list = build ? new ArrayList<Object>() : null;
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipSpace();
                Object v = value();
                if (build) {
                    list.add(v);
                }
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    depth--;
                    return list;
                } else {
                    fail("expected ',' or ']'");
                }
            }
        }

        /**
         * Reads a string, checked whatever the mode: {@link #KEEP} returns its value; {@link #SKIP}
         * and {@link #HASH} return null, and {@code HASH} leaves the hash of its value in {@link #keyHash}.
         */
        private String string(int mode) {
            pos++; // opening quote
            boolean keep = mode == KEEP;
            boolean hashing = mode == HASH;
            int hash = 0;
            StringBuilder sb = null;
            int runStart = pos;
            // Escapes can make a lone surrogate (RFC 8259 allows "\ud800"), which is no text: stores
            // would write it as '?'. I-JSON (RFC 7493) refuses it, and so does Stowage. An escaped high
            // surrogate pairs only with an escaped low one right after it (a raw one is refused below).
            boolean highEscaped = false;
            boolean lone = false;
            while (pos < end) {
                // the common case, a run of plain characters, in a loop of its own over locals
                String text = s;
                int at = pos;
                int stop = end;
                char c = 0;
                while (at < stop && (c = text.charAt(at)) >= 0x20 && c != '"' && c != '\\' && (c < 0xD800 || c > 0xDFFF)) {
                    at++;
                }
                pos = at;
                if (at >= stop) {
                    break;
                }
                if (c == '"') {
                    if (lone) {
                        fail("lone surrogate in string (not Unicode text)");
                    }
                    if (hashing) {
                        keyHash = hashRun(hash, runStart, pos);
                    }
                    String out = !keep ? null
                            : sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                    pos++;
                    return out;
                }
                if (c == '\\') {
                    if (keep) {
                        if (sb == null) {
                            sb = new StringBuilder(Math.min(end - runStart, 256));
                        }
                        sb.append(s, runStart, pos);
                    } else if (hashing) {
                        hash = hashRun(hash, runStart, pos);
                    }
                    pos++;
                    if (pos >= end) {
                        break;
                    }
                    char d = escaped(s.charAt(pos++));
                    if (highEscaped) {
                        highEscaped = false;
                        lone |= !Character.isLowSurrogate(d);
                    } else if (Character.isHighSurrogate(d)) {
                        highEscaped = pos < end && s.charAt(pos) == '\\';
                        lone |= !highEscaped;
                    } else {
                        lone |= Character.isLowSurrogate(d);
                    }
                    if (keep) {
                        sb.append(d);
                    } else if (hashing) {
                        hash = 31 * hash + d;
                    }
                    runStart = pos;
                } else if (c < 0x20) {
                    fail("control character in string");
                } else { // a surrogate: only a raw pair is text
                    if (!Character.isHighSurrogate(c) || pos + 1 >= end || !Character.isLowSurrogate(s.charAt(pos + 1))) {
                        fail("lone surrogate in string (not Unicode text)");
                    }
                    pos += 2;
                }
            }
            fail("unterminated string");
            return null;
        }

        /** {@code hash} continued over the chars from {@code from} to {@code to}, as {@code String.hashCode} goes. */
        private int hashRun(int hash, int from, int to) {
            for (int i = from; i < to; i++) {
                hash = 31 * hash + s.charAt(i);
            }
            return hash;
        }

        /** The character an escape after its backslash stands for; {@code pos} is past {@code e}. */
        private char escaped(char e) {
            switch (e) {
                case '"', '\\', '/' -> {
                    return e;
                }
                case 'b' -> {
                    return '\b';
                }
                case 'f' -> {
                    return '\f';
                }
                case 'n' -> {
                    return '\n';
                }
                case 'r' -> {
                    return '\r';
                }
                case 't' -> {
                    return '\t';
                }
                case 'u' -> {
                    if (pos + 4 > end) {
                        fail("bad \\u escape");
                    }
                    int cp = 0;
                    for (int i = 0; i < 4; i++) {
                        // ASCII hex only: Character.digit would also take fullwidth and other script digits.
                        int d = hexDigit(s.charAt(pos++));
                        if (d < 0) {
                            fail("bad \\u escape");
                        }
                        cp = cp * 16 + d;
                    }
                    return (char) cp;
                }
                default -> {
                    fail("bad escape '\\" + e + "'");
                    return 0;
                }
            }
        }

        private BigDecimal number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            long whole = 0;
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    whole = whole * 10 + (s.charAt(pos) - '0'); // overflows past 18 digits; used only up to them
                    pos++;
                }
            } else {
                fail("bad number");
            }
            int wholeEnd = pos;
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    fail("bad number");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            boolean exponent = peek() == 'e' || peek() == 'E';
            if (exponent) {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!isDigit(peek())) {
                    fail("bad number");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (pos - start > 400) {
                fail("number longer than 400 characters");
            }
            boolean negative = s.charAt(start) == '-';
            if (pos == wholeEnd && wholeEnd - start - (negative ? 1 : 0) <= 18) {
                // an integer that fits a long: the common case, exact without BigDecimal's text parsing
                return build ? BigDecimal.valueOf(negative ? -whole : whole) : null;
            }
            if (!build && !exponent) {
                return null; // digits and a fraction only: always a BigDecimal
            }
            try {
                BigDecimal d = new BigDecimal(s.substring(start, pos));
                return build ? d : null;
            } catch (NumberFormatException | ArithmeticException e) {
                fail("number out of range");
                return null;
            }
        }

        private Object literal(String word, Object value) {
            if (!s.startsWith(word, pos)) {
                fail("unexpected token");
            }
            pos += word.length();
            return value;
        }

        private void enter() {
            if (++depth > MAX_DEPTH) {
                fail("nested deeper than " + MAX_DEPTH + " levels");
            }
        }

        private void expect(char c) {
            if (peek() != c) {
                fail("expected '" + c + "'");
            }
            pos++;
        }

        private char peek() {
            return pos < end ? s.charAt(pos) : '\0';
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        void skipSpace() {
            while (pos < end && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        void fail(String why) {
            throw new InvalidInputException("malformed JSON at offset " + pos + ": " + why);
        }
    }
}
