package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;

/** A worker's self-chosen name, recorded on the jobs it holds: 1-128 of {@code [A-Za-z0-9._-]}. */
public record WorkerId(String value) {
    public WorkerId {
        Checks.token(value, "worker id", 128);
    }

    @Override
    public String toString() {
        return value;
    }
}
