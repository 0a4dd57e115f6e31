package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/** A queue's name: 1-64 of {@code [A-Za-z0-9._-]}, starting with a letter or digit. */
public record QueueName(String value) {
    public QueueName {
        Checks.token(value, "queue name", 64);
    }

    @Override
    public String toString() {
        return value;
    }
}
