package dev.stowage.application.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a settings record's bad components in its compact constructor, then throws them all at
 * once:
 *
 * <pre>{@code
 * SettingsCheck.of(SqliteSettings.class)
 *         .in("readPoolSize", readPoolSize, READ_POOL_SIZE)
 *         .in("busyTimeout", busyTimeout, BUSY_TIMEOUT)
 *         .done();
 * }</pre>
 *
 * Null components are the caller's to refuse first ({@code Objects.requireNonNull}): a null is a
 * programming error, not a setting.
 */
public final class SettingsCheck {
    private final String settings;
    private final List<Violation> violations = new ArrayList<>();

    private SettingsCheck(String settings) {
        this.settings = settings;
    }

    /** A check of the record {@code type}, named by its simple name in the exception. */
    public static SettingsCheck of(Class<? extends Record> type) {
        return new SettingsCheck(type.getSimpleName());
    }

    public SettingsCheck in(String component, long value, Allowed.Whole allowed) {
        return that(allowed.contains(value), component, value, "is not " + allowed.description());
    }

    public SettingsCheck in(String component, long value, Allowed.Size allowed) {
        return that(allowed.contains(value), component, value, "is not " + allowed.description());
    }

    public SettingsCheck in(String component, Duration value, Allowed.Span allowed) {
        return that(allowed.contains(value), component, Allowed.Span.human(value), "is not " + allowed.description());
    }

    /** The component must be given: not null, not blank. */
    public SettingsCheck required(String component, String value) {
        if (value == null || value.isBlank()) {
            violations.add(Violation.missing(component));
        }
        return this;
    }

    /**
     * A rule of the record's own.
     *
     * @param problem what is wrong, to follow the value: {@code is not a bucket name (...)}
     */
    public SettingsCheck that(boolean ok, String component, Object value, String problem) {
        if (!ok) {
            violations.add(new Violation(component, String.valueOf(value), problem));
        }
        return this;
    }

    /** @throws InvalidSettingsException listing every bad component, when there is one */
    public void done() {
        if (!violations.isEmpty()) {
            throw new InvalidSettingsException(settings, violations);
        }
    }
}
