package dev.stowage.domain.program;

import dev.stowage.domain.common.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * How to list programs (by name).
 *
 * @param activeOnly   only active programs
 * @param nameContains names containing this, ignoring case; empty: any
 */
public record ProgramQuery(boolean activeOnly, Optional<String> nameContains) {
    public ProgramQuery {
        Objects.requireNonNull(nameContains, "nameContains").ifPresent(s -> Checks.text(s, "name search", 200));
    }

    public static ProgramQuery all() {
        return new ProgramQuery(false, Optional.empty());
    }

    public boolean matches(Program p) {
        return (!activeOnly || p.active()) && nameContains
                .map(s -> p.name().value().toLowerCase(java.util.Locale.ROOT).contains(s.toLowerCase(java.util.Locale.ROOT)))
                .orElse(true);
    }
}
