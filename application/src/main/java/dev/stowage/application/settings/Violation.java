package dev.stowage.application.settings;

import java.util.Objects;

/**
 * One bad component of a settings record.
 *
 * @param component the record component, as named in the record ({@code readPoolSize})
 * @param value     the value as the record saw it, or null when the problem is that none was given
 * @param problem   what is wrong, to follow the value: {@code is not a whole number between 1 and 64},
 *                  or {@code must be set} for a missing value
 */
public record Violation(String component, String value, String problem) {
    public Violation {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(problem, "problem");
    }

    /** A required value that was not given (null or blank). */
    public static Violation missing(String component) {
        return new Violation(component, null, "must be set");
    }

    /** True when the value was required and not given, rather than given and wrong. */
    public boolean isMissing() {
        return value == null;
    }

    /** {@code readPoolSize: '0' is not a whole number between 1 and 64}. */
    public String message() {
        return component + ": " + (value == null ? problem : "'" + value + "' " + problem);
    }
}
