package dev.stowage.domain.program;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Sha256;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A program as it was at one version, kept when a later update replaced it.
 *
 * @param version the program version this revision was
 * @param image   the master image the program had at that version: its blobs are kept (never swept)
 *                as long as the revision is
 */
public record ProgramRevision(ProgramId program, long version, ProgramName name, String description,
                              JsonText config, int configSchemaVersion, Sha256 configSha256, Optional<ProgramImage> image,
                              Instant savedAt) {
    public ProgramRevision {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(configSha256, "configSha256");
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(savedAt, "savedAt");
    }

    /** The revision a program's current state would become. */
    public static ProgramRevision of(Program p, Instant savedAt) {
        return new ProgramRevision(p.id(), p.version(), p.name(), p.description(), p.config(),
                p.configSchemaVersion(), p.configSha256(), p.image(), savedAt);
    }
}
