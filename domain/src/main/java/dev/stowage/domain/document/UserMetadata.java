package dev.stowage.domain.document;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageCorruptException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A small map of the user's own facts about a document: at most 32 entries, keys 1-64 of
 * {@code [A-Za-z0-9._-]}, values up to 1024 printable characters, 8 KiB in all.
 */
public record UserMetadata(Map<String, String> entries) {
    public static final int MAX_ENTRIES = 32;
    public static final int MAX_TOTAL_CHARS = 8192;
    public static final UserMetadata EMPTY = new UserMetadata(Map.of());

    public UserMetadata {
        Checks.present(entries, "metadata");
        if (entries.size() > MAX_ENTRIES) {
            throw new InvalidInputException("metadata may have at most " + MAX_ENTRIES + " entries, got " + entries.size());
        }
        int total = 0;
        var sorted = new TreeMap<String, String>();
        for (var e : entries.entrySet()) {
            Checks.token(e.getKey(), "metadata key", 64);
            String v = Checks.present(e.getValue(), "metadata value of '" + e.getKey() + "'");
            if (v.length() > 1024) {
                throw new InvalidInputException("metadata value of '" + e.getKey() + "' must be at most 1024 characters");
            }
            if (!v.isEmpty()) {
                // Same rules as other text (no control characters, no lone surrogates); empty is allowed here.
                Checks.text(v, "metadata value of '" + e.getKey() + "'", 1024);
            }
            total += e.getKey().length() + v.length();
            sorted.put(e.getKey(), v);
        }
        if (total > MAX_TOTAL_CHARS) {
            throw new InvalidInputException("metadata must be at most " + MAX_TOTAL_CHARS + " characters in all");
        }
        entries = java.util.Collections.unmodifiableMap(sorted);
    }

    /** The metadata as the JSON object of strings the stores keep, keys in order. */
    public String json() {
        return Json.write(entries);
    }

    /**
     * Metadata a store kept as {@link #json}.
     *
     * @param of what the metadata belongs to (a document or an upload id), for the error
     * @throws StorageCorruptException when the stored object holds a value that is not a string
     */
    public static UserMetadata ofStoredJson(String json, String of) {
        Map<String, String> entries = new LinkedHashMap<>();
        Json.parseObject(json, "metadata").forEach((key, value) -> {
            if (!(value instanceof String text)) {
                throw new StorageCorruptException("metadata of '" + of + "' holds a value that is not a string", null);
            }
            entries.put(key, text);
        });
        return new UserMetadata(entries);
    }
}
