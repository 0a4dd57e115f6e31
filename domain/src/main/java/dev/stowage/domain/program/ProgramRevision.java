package dev.stowage.domain.program;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A program as it was at one version: every field a change can touch, with who made that version
 * and when. Kept when a later change replaced it, so any two versions can be compared and an old
 * one restored; its image blobs stay referenced (and so are never swept) while the revision exists.
 *
 * @param version   the program version this state was
 * @param updatedBy who made this version
 * @param updatedAt when this version was made
 */
public record ProgramRevision(ProgramId program, long version, ProgramName name, String description,
                              JsonText config, int configSchemaVersion, Sha256 configSha256, boolean active,
                              Optional<ProgramImage> image, UserId updatedBy, Instant updatedAt) {
    public ProgramRevision {
        Objects.requireNonNull(program, "program");
        if (version < 1) {
            throw new IllegalArgumentException("version < 1");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configSha256, "configSha256");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(updatedBy, "updatedBy");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** The program's state at its current version: what it becomes as a revision once replaced. */
    public static ProgramRevision of(Program p) {
        return new ProgramRevision(p.id(), p.version(), p.name(), p.description(), p.config(),
                p.configSchemaVersion(), p.configSha256(), p.active(), p.image(), p.updatedBy(), p.updatedAt());
    }
}
