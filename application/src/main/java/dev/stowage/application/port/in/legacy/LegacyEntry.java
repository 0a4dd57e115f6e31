package dev.stowage.application.port.in.legacy;

import java.util.Objects;
import java.util.Optional;

/**
 * One entry of an array in a legacy file, as the reader hands it over: either its JSON text (one
 * small value, never the file) or, when the reader could not take it, why.
 *
 * @param index      the entry's position in its array (0-based)
 * @param json       the entry's JSON text, compact; empty when {@code unreadable}
 * @param unreadable why the reader skipped the entry (for example, larger than the entry limit)
 */
public record LegacyEntry(int index, Optional<String> json, Optional<String> unreadable) {
    public LegacyEntry {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(unreadable, "unreadable");
        if (json.isPresent() == unreadable.isPresent()) {
            throw new IllegalArgumentException("an entry has either its JSON or a reason it is unreadable");
        }
    }

    public static LegacyEntry of(int index, String json) {
        return new LegacyEntry(index, Optional.of(json), Optional.empty());
    }

    public static LegacyEntry unreadable(int index, String reason) {
        return new LegacyEntry(index, Optional.empty(), Optional.of(reason));
    }
}
