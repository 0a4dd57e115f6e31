package dev.stowage.domain.backup;

import dev.stowage.domain.common.Ulid;

/** A backup's id: time-sortable, so the newest backup has the greatest id. */
public record BackupId(String value) implements Comparable<BackupId> {
    public BackupId {
        value = Ulid.requireValid(value, "backup id");
    }

    @Override
    public int compareTo(BackupId o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
