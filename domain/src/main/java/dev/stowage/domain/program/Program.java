package dev.stowage.domain.program;

import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A named, versioned configuration (any JSON shape) with an optional master image.
 *
 * @param configSchemaVersion the version of the config's own shape, set by the application
 * @param configSha256        digest of {@code config}'s text, to spot changes cheaply
 * @param version             starts at 1, +1 on every change; each change keeps the previous config as a revision
 * @param externalRef         an id from another system (legacy imports); unique when present
 * @param updatedBy           who made this version (the creator for version 1), so history says who changed what
 */
public record Program(ProgramId id, ProgramName name, String description, JsonText config, int configSchemaVersion,
                      Sha256 configSha256, boolean active, long version, Optional<ProgramImage> image,
                      Optional<String> externalRef, Instant createdAt, Instant updatedAt, UserId updatedBy) {
    public static final int MAX_DESCRIPTION = 4000;

    public Program {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        if (description.length() > MAX_DESCRIPTION) {
            throw new dev.stowage.domain.error.InvalidInputException("program description must be at most " + MAX_DESCRIPTION + " characters");
        }
        Objects.requireNonNull(config, "config");
        if (configSchemaVersion < 0) {
            throw new dev.stowage.domain.error.InvalidInputException("config schema version must not be negative");
        }
        Objects.requireNonNull(configSha256, "configSha256");
        if (version < 1) {
            throw new IllegalArgumentException("version < 1");
        }
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(externalRef, "externalRef");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
    }
}
