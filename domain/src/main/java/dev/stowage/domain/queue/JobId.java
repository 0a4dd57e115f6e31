package dev.stowage.domain.queue;

import dev.stowage.domain.common.Ulid;

/** A job's id: time-sortable, so listing by id is listing by creation time. */
public record JobId(String value) implements Comparable<JobId> {
    public JobId {
        value = Ulid.requireValid(value, "job id");
    }

    @Override
    public int compareTo(JobId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
