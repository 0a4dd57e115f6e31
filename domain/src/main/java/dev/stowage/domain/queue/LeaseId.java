package dev.stowage.domain.queue;

import dev.stowage.domain.common.Ulid;

/**
 * One claim of one job. A new lease id is made at every claim, so a worker whose lease expired and
 * whose job was claimed again (even by a worker of the same name) can no longer act on it.
 */
public record LeaseId(String value) {
    public LeaseId {
        value = Ulid.requireValid(value, "lease id");
    }

    @Override
    public String toString() {
        return value;
    }
}
