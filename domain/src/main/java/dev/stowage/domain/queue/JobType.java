package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/** What kind of work a job is; workers register one handler per type. 1-128 of {@code [A-Za-z0-9._-]}. */
public record JobType(String value) {
    public JobType {
        Checks.token(value, "job type", 128);
    }

    @Override
    public String toString() {
        return value;
    }
}
