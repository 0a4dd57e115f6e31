package dev.stowage.application.port.in.program;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.program.ProgramName;
import java.util.Objects;

/**
 * A program's editable fields, for create and update.
 *
 * @param config any JSON value, up to the configured size limit
 */
public record ProgramDraft(ProgramName name, String description, JsonText config, int configSchemaVersion, boolean active) {
    public ProgramDraft {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
    }

    /** An active program with no description, its config at schema version 1. */
    public static ProgramDraft of(ProgramName name, JsonText config) {
        return new ProgramDraft(name, "", config, 1, true);
    }
}
