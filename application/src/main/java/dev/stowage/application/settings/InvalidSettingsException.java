package dev.stowage.application.settings;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A settings record refused its values. It lists every bad component at once, so that whoever
 * built the record (the configuration loader, a test) can report each by its own name.
 */
public final class InvalidSettingsException extends IllegalArgumentException {
    private final String settings;
    private final transient List<Violation> violations;

    /**
     * @param settings   the record's simple name, such as {@code SqliteSettings}
     * @param violations at least one
     */
    public InvalidSettingsException(String settings, List<Violation> violations) {
        super(settings + ": " + violations.stream().map(Violation::message).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("no violation");
        }
        this.settings = settings;
        this.violations = List.copyOf(violations);
    }

    /** The simple name of the record that refused its values. */
    public String settings() {
        return settings;
    }

    /** Every bad component, in the order the record checked them. */
    public List<Violation> violations() {
        return violations;
    }
}
