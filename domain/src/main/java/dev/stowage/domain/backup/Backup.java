package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup's record in the catalog.
 *
 * @param location       where the target stores it (a target-relative name, never a user path)
 * @param manifestSha256 digest of the manifest's bytes, once complete
 */
public record Backup(BackupId id, Instant createdAt, String label, int formatVersion, String appVersion,
                     String schemaVersion, Map<String, Long> counts, long totalBytes,
                     Optional<Sha256> manifestSha256, String location, BackupStatus status,
                     Optional<Verification> lastVerification) {
    public Backup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Checks.present(label, "label");
        if (label.length() > 200) {
            throw new dev.stowage.domain.error.InvalidInputException("backup label must be at most 200 characters");
        }
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        counts = Map.copyOf(counts);
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastVerification, "lastVerification");
    }

    public Backup withStatus(BackupStatus s) {
        return new Backup(id, createdAt, label, formatVersion, appVersion, schemaVersion, counts, totalBytes,
                manifestSha256, location, s, lastVerification);
    }

    public Backup withVerification(Verification v) {
        return new Backup(id, createdAt, label, formatVersion, appVersion, schemaVersion, counts, totalBytes,
                manifestSha256, location, status, Optional.of(v));
    }
}
