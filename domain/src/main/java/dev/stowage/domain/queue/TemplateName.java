package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/**
 * A job template's name as people write it ("Quick Preview"): 1-128 characters under the naming
 * rule that queues share ({@link Checks#name}): letters, digits, spaces, {@code .}, {@code _} and
 * {@code -}, starting with a letter or digit and not ending with a space.
 */
public record TemplateName(String value) {
    public static final int MAX_LENGTH = 128;

    public TemplateName {
        Checks.name(value, "template name", MAX_LENGTH);
    }

    @Override
    public String toString() {
        return value;
    }
}
