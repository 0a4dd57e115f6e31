package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A backup's record in the catalog.
 *
 * @param counts         rows per table of the snapshot
 * @param totalBytes     the snapshot's bytes plus every distinct blob's: what a restore reads
 * @param writtenBytes   what this backup itself wrote to the target (objects the target lacked);
 *                       after a small change, a small part of {@code totalBytes}
 * @param manifestSha256 digest of the manifest's bytes, once complete
 * @param location       the target it is kept on, as the target describes itself (no secrets)
 */
public record Backup(BackupId id, Instant createdAt, String label, int formatVersion, String appVersion,
                     String schemaVersion, Map<String, Long> counts, long totalBytes, long writtenBytes,
                     Optional<Sha256> manifestSha256, String location, BackupStatus status,
                     Optional<Verification> lastVerification) {
    public Backup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        checkLabel(label);
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        counts = Map.copyOf(counts);
        if (totalBytes < 0 || writtenBytes < 0) {
            throw new InvalidInputException("backup sizes must not be negative");
        }
        Objects.requireNonNull(manifestSha256, "manifestSha256");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastVerification, "lastVerification");
    }

    /** A label is 1-200 characters of printable text. */
    public static String checkLabel(String label) {
        return Checks.text(label, "backup label", 200);
    }

    /** The record of a complete backup described by {@code manifest}. */
    public static Backup of(BackupManifest manifest, Sha256 manifestSha256, long writtenBytes, String location) {
        return new Backup(manifest.id(), manifest.createdAt(), manifest.label(), manifest.formatVersion(),
                manifest.appVersion(), manifest.schemaVersion(), manifest.rowCounts(), manifest.totalBytes(),
                writtenBytes, Optional.of(manifestSha256), location, BackupStatus.COMPLETE, Optional.empty());
    }

    public Backup withStatus(BackupStatus s) {
        return new Backup(id, createdAt, label, formatVersion, appVersion, schemaVersion, counts, totalBytes,
                writtenBytes, manifestSha256, location, s, lastVerification);
    }

    public Backup withVerification(Verification v) {
        return new Backup(id, createdAt, label, formatVersion, appVersion, schemaVersion, counts, totalBytes,
                writtenBytes, manifestSha256, location, status, Optional.of(v));
    }

    /** Complete, and its last verify passed. */
    public boolean verifiedGood() {
        return status == BackupStatus.COMPLETE && lastVerification.map(Verification::ok).orElse(false);
    }
}
