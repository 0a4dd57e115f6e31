package dev.stowage.adapter.in.legacy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * Compact JSON text of values copied from a parser, up to a number of characters. Past the limit it
 * stops keeping text but still reads each value to its end, so the parser stays in step and the
 * caller can report the entry and go on to the next. Numbers are copied as written, not through a
 * double.
 */
final class BoundedJson {
    private final Limited out;
    private final JsonGenerator gen;

    BoundedJson(JsonFactory factory, int maxChars) {
        this.out = new Limited(maxChars);
        try {
            this.gen = factory.createGenerator(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonGenerator generator() {
        return gen;
    }

    /**
     * Copies the parser's current value: the current token and, when it starts an object or array,
     * every token to its end. Leaves the parser on the value's last token.
     */
    void copyValue(JsonParser p) throws IOException {
        int depth = 0;
        JsonToken t = p.currentToken();
        while (true) {
            switch (t) {
                case START_OBJECT -> {
                    gen.writeStartObject();
                    depth++;
                }
                case START_ARRAY -> {
                    gen.writeStartArray();
                    depth++;
                }
                case END_OBJECT -> {
                    gen.writeEndObject();
                    depth--;
                }
                case END_ARRAY -> {
                    gen.writeEndArray();
                    depth--;
                }
                case FIELD_NAME -> gen.writeFieldName(p.currentName());
                case VALUE_STRING -> gen.writeString(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> gen.writeNumber(p.getText());
                case VALUE_TRUE -> gen.writeBoolean(true);
                case VALUE_FALSE -> gen.writeBoolean(false);
                case VALUE_NULL -> gen.writeNull();
                default -> throw new IllegalStateException("a JSON text parser gave " + t);
            }
            if (depth == 0) {
                return;
            }
            t = p.nextToken();
        }
    }

    /** False once the text went past the limit. */
    boolean fits() {
        return !out.over;
    }

    /** The text written, or null when it went past the limit. Call once, at the end. */
    String text() throws IOException {
        gen.close();
        return out.over ? null : out.text.toString();
    }

    /** A writer that keeps up to a limit and drops everything once past it. */
    private static final class Limited extends Writer {
        private final int max;
        private final StringBuilder text = new StringBuilder();
        private boolean over;

        Limited(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] buf, int off, int len) {
            if (over) {
                return;
            }
            if (text.length() + len > max) {
                over = true;
                text.setLength(0);
                text.trimToSize();
                return;
            }
            text.append(buf, off, len);
        }

        @Override
        public void write(String s, int off, int len) {
            if (over) {
                return;
            }
            if (text.length() + len > max) {
                over = true;
                text.setLength(0);
                text.trimToSize();
                return;
            }
            text.append(s, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
