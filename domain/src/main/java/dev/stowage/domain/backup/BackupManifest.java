package dev.stowage.domain.backup;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a backup holds: every entry's path, size and SHA-256, and the versions needed to restore it.
 *
 * @param formatVersion the archive layout's version; restore refuses versions it does not know
 * @param counts        rows or objects per kind (jobs, documents, programs, blobs, ...)
 */
public record BackupManifest(int formatVersion, String appVersion, String schemaVersion, Instant createdAt,
                             Map<String, Long> counts, List<ManifestEntry> entries) {
    public static final int CURRENT_FORMAT = 1;

    public BackupManifest {
        if (formatVersion < 1) {
            throw new dev.stowage.domain.error.InvalidInputException("backup format version must be at least 1");
        }
        Objects.requireNonNull(appVersion, "appVersion");
        Objects.requireNonNull(schemaVersion, "schemaVersion");
        Objects.requireNonNull(createdAt, "createdAt");
        counts = Map.copyOf(counts);
        entries = List.copyOf(entries);
        var seen = new HashSet<String>();
        for (ManifestEntry e : entries) {
            if (!seen.add(e.path())) {
                throw new dev.stowage.domain.error.InvalidInputException("archive entry '" + e.path() + "' appears twice");
            }
        }
    }

    public long totalBytes() {
        return entries.stream().mapToLong(ManifestEntry::size).sum();
    }
}
