package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON (RFC 8259) reader and writer over plain Java values, so the core can read
 * legacy files and merge payloads without a JSON library.
 *
 * <p>Values map as: object - {@code Map<String, Object>} (insertion-ordered), array -
 * {@code List<Object>}, string - {@code String}, number - {@code BigDecimal} (exact), true/false -
 * {@code Boolean}, null - {@code null}. Duplicate object keys are rejected: their meaning is
 * undefined and they are a common smuggling trick.
 */
public final class Json {
    static final int MAX_DEPTH = 128;

    private Json() {
    }

    /**
     * Parses one JSON value.
     *
     * @throws InvalidInputException with the offset and the reason when the text is not JSON
     */
    public static Object parse(String text) {
        Checks.present(text, "json");
        var p = new Reader(text);
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

    private static void quote(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Recursive descent over the text; builds the value as it goes. */
    private static final class Reader {
        private final String s;
        private int pos;
        private int depth;

        Reader(String s) {
            this.s = s;
        }

        Object value() {
            if (pos >= s.length()) {
                fail("unexpected end of JSON");
            }
            char c = s.charAt(pos);
            return switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
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
            var map = new LinkedHashMap<String, Object>();
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return map;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    fail("expected a string key");
                }
                int keyAt = pos;
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                Object v = value();
                if (map.containsKey(key)) {
                    pos = keyAt;
                    fail("duplicate key \"" + Checks.printable(key) + "\"");
                }
                map.put(key, v);
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

        private List<Object> array() {
            enter();
            pos++;
            var list = new ArrayList<Object>();
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return list;
            }
            while (true) {
                skipSpace();
                list.add(value());
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

        private String string() {
            pos++; // opening quote
            StringBuilder sb = null;
            int runStart = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '"') {
                    String out = sb == null ? s.substring(runStart, pos) : sb.append(s, runStart, pos).toString();
                    // Escapes can make a lone surrogate (RFC 8259 allows "\ud800"), which is no text:
                    // stores would write it as '?'. I-JSON (RFC 7493) refuses it, and so does Stowage.
                    if (sb != null && Checks.hasLoneSurrogate(out)) {
                        fail("lone surrogate in string (not Unicode text)");
                    }
                    pos++;
                    return out;
                }
                if (c == '\\') {
                    if (sb == null) {
                        sb = new StringBuilder();
                    }
                    sb.append(s, runStart, pos);
                    pos++;
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"' -> sb.append('"');
                        case '\\' -> sb.append('\\');
                        case '/' -> sb.append('/');
                        case 'b' -> sb.append('\b');
                        case 'f' -> sb.append('\f');
                        case 'n' -> sb.append('\n');
                        case 'r' -> sb.append('\r');
                        case 't' -> sb.append('\t');
                        case 'u' -> {
                            if (pos + 4 > s.length()) {
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
                            sb.append((char) cp);
                        }
                        default -> fail("bad escape '\\" + e + "'");
                    }
                    runStart = pos;
                } else if (c < 0x20) {
                    fail("control character in string");
                } else if (Character.isHighSurrogate(c) && pos + 1 < s.length() && Character.isLowSurrogate(s.charAt(pos + 1))) {
                    pos += 2;
                } else if (Character.isSurrogate(c)) {
                    fail("lone surrogate in string (not Unicode text)");
                } else {
                    pos++;
                }
            }
            fail("unterminated string");
            return null;
        }

        private BigDecimal number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                fail("bad number");
            }
            if (peek() == '.') {
                pos++;
                if (!isDigit(peek())) {
                    fail("bad number");
                }
                while (isDigit(peek())) {
                    pos++;
                }
            }
            if (peek() == 'e' || peek() == 'E') {
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
            try {
                return new BigDecimal(s.substring(start, pos));
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
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        private static int hexDigit(char c) {
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

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        void skipSpace() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
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
