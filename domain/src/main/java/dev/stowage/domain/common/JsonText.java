package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;

/**
 * A JSON value kept as its text, checked to be well-formed JSON (RFC 8259) of bounded size when made.
 * Stowage stores JSON it does not interpret (job payloads and results, program configs, metadata);
 * this type lets the core reject malformed input without a JSON library. Validation is
 * {@link Json#check}: strict, with duplicate keys and nesting past 128 levels rejected, and it makes
 * no tree, since most values are only stored and handed back.
 */
public record JsonText(String json) {
    /** Default upper bound, in UTF-16 chars, for a JSON value. */
    public static final int DEFAULT_MAX_CHARS = 1 << 20;

    public JsonText {
        Json.check(json);
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
        return json.stripLeading().startsWith("{");
    }

    /** The value as plain Java objects (see {@link Json}). */
    public Object value() {
        return Json.parse(json);
    }

    @Override
    public String toString() {
        return json;
    }
}
