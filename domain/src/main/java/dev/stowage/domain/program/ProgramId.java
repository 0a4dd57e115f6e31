package dev.stowage.domain.program;

import dev.stowage.domain.common.Ulid;

/** A program's id: time-sortable. */
public record ProgramId(String value) {
    public ProgramId {
        value = Ulid.requireValid(value, "program id");
    }

    @Override
    public String toString() {
        return value;
    }
}
