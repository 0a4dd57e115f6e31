package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.common.Json;
import dev.stowage.domain.error.InvalidInputException;
import java.math.BigDecimal;
import java.util.List;

/**
 * Reads the flat JSON arrays SQLite's {@code json_array} makes of a row whose columns are text,
 * integers or NULL: strings become {@code String}, integers {@code Long}, null {@code null}. The
 * text is read by the domain's {@link Json}, the one JSON reader of the core and this adapter; here
 * only the shape is checked, strictly, since anything else means the statement and this reader
 * disagree.
 */
final class PackedRow {
    private PackedRow() {
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
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (InvalidInputException e) {
            throw malformed(e.getMessage());
        }
        if (!(parsed instanceof List<?> list) || list.size() != size) {
            throw malformed("not an array of " + size + " values");
        }
        Object[] out = new Object[size];
        for (int i = 0; i < size; i++) {
            Object v = list.get(i);
            if (v instanceof BigDecimal number) {
                try {
                    out[i] = number.longValueExact();
                } catch (ArithmeticException e) {
                    throw malformed("value " + i + " is not a 64-bit integer");
                }
            } else if (v == null || v instanceof String) {
                out[i] = v;
            } else {
                throw malformed("value " + i + " is neither text, an integer nor null");
            }
        }
        return out;
    }

    private static IllegalStateException malformed(String what) {
        return new IllegalStateException("a packed job row is malformed: " + what);
    }
}
