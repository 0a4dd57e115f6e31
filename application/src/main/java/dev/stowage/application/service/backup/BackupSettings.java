package dev.stowage.application.service.backup;

import dev.stowage.domain.common.Checks;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the backup service works.
 *
 * @param tmpDir             where a snapshot is taken and checked before it goes to the target; on
 *                           a disk with room for one copy of the database
 * @param appVersion         this build's version, written into every manifest
 * @param owner              who takes backups here, written into target locks: see {@link LockOwner}
 * @param lockGrace          a target lock older than this is taken as left by a crash and ignored,
 *                           whoever wrote it; longer than the longest backup. A lock written from
 *                           this host by a process that is gone is ignored at once
 * @param maxImportBytes     an imported archive may hold at most this many bytes of entries in all
 * @param maxImportEntry     and at most this many in one entry
 * @param maxManifestBytes   and a manifest of at most this many bytes
 */
public record BackupSettings(Path tmpDir, String appVersion, String owner, Duration lockGrace, long maxImportBytes,
                             long maxImportEntry, long maxManifestBytes) {
    public BackupSettings {
        Objects.requireNonNull(tmpDir, "tmpDir");
        Checks.text(appVersion, "application version", 100);
        Checks.text(owner, "backup owner", 200);
        Objects.requireNonNull(lockGrace, "lockGrace");
        if (lockGrace.isNegative() || lockGrace.isZero()) {
            throw new IllegalArgumentException("lockGrace must be positive");
        }
        if (maxImportBytes < 1 || maxImportEntry < 1 || maxManifestBytes < 1) {
            throw new IllegalArgumentException("import limits must be positive");
        }
    }

    /** Defaults for a build and a tmp folder: a 24-hour lock grace, 1 TiB imports, 256 MiB manifests. */
    public static BackupSettings defaults(Path tmpDir, String appVersion) {
        return new BackupSettings(tmpDir, appVersion, LockOwner.current(), Duration.ofHours(24),
                1L << 40, 1L << 40, 256L << 20);
    }
}
