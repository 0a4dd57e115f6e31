package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/**
 * A queue's name: 1-64 characters under the naming rule that job templates share
 * ({@link Checks#name}): letters, digits, spaces, {@code .}, {@code _} and {@code -}, starting with
 * a letter or digit and not ending with a space.
 */
public record QueueName(String value) {
    public static final int MAX_LENGTH = 64;

    public QueueName {
        Checks.name(value, "queue name", MAX_LENGTH);
    }

    @Override
    public String toString() {
        return value;
    }
}
