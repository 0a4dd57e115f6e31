package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;

/**
 * A JSON value kept as its text, checked to be well-formed JSON (RFC 8259) of bounded size when made.
 * Stowage stores JSON it does not interpret (job payloads and results, program configs, metadata);
 * this type lets the core reject malformed input without a JSON library.
 */
public record JsonText(String json) {
    /** Default upper bound, in UTF-16 chars, for a JSON value. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;
    private static final int MAX_DEPTH = 128;

    public JsonText {
        Checks.present(json, "json");
        new Parser(json).parseDocument();
    }

    /** Parses with an explicit size limit. */
    public static JsonText of(String json, int maxChars, String field) {
        Checks.present(json, field);
        if (json.length() > maxChars) {
            throw new TooLargeException(field, maxChars);
        }
        try {
            return new JsonText(json);
        } catch (InvalidInputException e) {
            throw new InvalidInputException(field + ": " + e.getMessage());
        }
    }

    public static JsonText of(String json) {
        return of(json, DEFAULT_MAX_CHARS, "json");
    }

    /** {@code {}}. */
    public static JsonText emptyObject() {
        return new JsonText("{}");
    }

    /** True when the value is a JSON object (as opposed to an array, string, number, ...). */
    public boolean isObject() {
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (!Parser.isSpace(c)) {
                return c == '{';
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return json;
    }

    /** A strict recursive-descent syntax checker; it builds nothing. */
    private static final class Parser {
        private final String s;
        private int pos;
        private int depth;

        Parser(String s) {
            this.s = s;
        }

        static boolean isSpace(char c) {
            return c == ' ' || c == '\t' || c == '\n' || c == '\r';
        }

        void parseDocument() {
            skipSpace();
            value();
            skipSpace();
            if (pos != s.length()) {
                fail("unexpected text after the JSON value");
            }
        }

        private void value() {
            if (pos >= s.length()) {
                fail("unexpected end of JSON");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '{' -> object();
                case '[' -> array();
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> {
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        number();
                    } else {
                        fail("unexpected character '" + c + "'");
                    }
                }
            }
        }

        private void object() {
            enter();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                depth--;
                return;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    fail("expected a string key");
                }
                string();
                skipSpace();
                expect(':');
                skipSpace();
                value();
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == '}') {
                    pos++;
                    depth--;
                    return;
                } else {
                    fail("expected ',' or '}'");
                }
            }
        }

        private void array() {
            enter();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                depth--;
                return;
            }
            while (true) {
                skipSpace();
                value();
                skipSpace();
                char c = peek();
                if (c == ',') {
                    pos++;
                } else if (c == ']') {
                    pos++;
                    depth--;
                    return;
                } else {
                    fail("expected ',' or ']'");
                }
            }
        }

        private void string() {
            pos++; // opening quote
            while (pos < s.length()) {
                char c = s.charAt(pos++);
                if (c == '"') {
                    return;
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        break;
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case '"', '\\', '/', 'b', 'f', 'n', 'r', 't' -> { }
                        case 'u' -> {
                            for (int i = 0; i < 4; i++) {
                                if (pos >= s.length() || !isHexDigit(s.charAt(pos++))) {
                                    fail("bad \\u escape");
                                }
                            }
                        }
                        default -> fail("bad escape '\\" + e + "'");
                    }
                } else if (c < 0x20) {
                    fail("control character in string");
                }
            }
            fail("unterminated string");
        }

        private void number() {
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
        }

        private void literal(String word) {
            if (!s.startsWith(word, pos)) {
                fail("unexpected token");
            }
            pos += word.length();
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

        // Character.digit would also accept non-ASCII digits such as U+FF10, which JSON does not.
        private static boolean isHexDigit(char c) {
            return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }

        private void skipSpace() {
            while (pos < s.length() && isSpace(s.charAt(pos))) {
                pos++;
            }
        }

        private void fail(String why) {
            throw new InvalidInputException("malformed JSON at offset " + pos + ": " + why);
        }
    }
}
