package dev.stowage.domain.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.InvalidInputException;
import java.util.Objects;

/**
 * The database snapshot of a backup, kept at the target as an object like any blob.
 *
 * @param integrityCheck what SQLite's {@code integrity_check} said when the snapshot was taken
 *                       ({@code ok} for a sound one)
 */
public record SnapshotEntry(long size, Sha256 sha256, String integrityCheck) {
    public SnapshotEntry {
        if (size < 0) {
            throw new InvalidInputException("snapshot size must not be negative");
        }
        Objects.requireNonNull(sha256, "sha256");
        Checks.text(integrityCheck, "integrity check", 4000);
    }

    public boolean sound() {
        return integrityCheck.equals("ok");
    }
}
