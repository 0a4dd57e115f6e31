package dev.stowage.application.service.backup;

import dev.stowage.domain.backup.SnapshotEntry;
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
 * @param chunkSize          the database snapshot is kept in chunks of this many bytes, a power of
 *                           two from 4 KiB to 64 MiB (see {@link dev.stowage.domain.backup.SnapshotEntry}):
 *                           smaller chunks make a backup after scattered changes write less, larger
 *                           ones make fewer objects (fewer syncs on a folder, fewer requests on S3)
 * @param writeThreads       objects are written by this many threads at once (1-64): writes spend
 *                           most of their time waiting for the disk or the network
 */
public record BackupSettings(Path tmpDir, String appVersion, String owner, Duration lockGrace, long maxImportBytes,
                             long maxImportEntry, long maxManifestBytes, int chunkSize, int writeThreads) {
    /** The default chunk: 16 pages of SQLite's default 4 KiB (see docs/backups.md for the trade-off). */
    public static final int DEFAULT_CHUNK_SIZE = 64 * 1024;
    public static final int DEFAULT_WRITE_THREADS = 4;

    public BackupSettings {
        SnapshotEntry.checkChunkSize(chunkSize);
        Checks.range(writeThreads, 1, 64, "backup write threads");
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

    /**
     * Defaults for a build and a tmp folder: a 24-hour lock grace, 1 TiB imports, 256 MiB manifests,
     * 64 KiB chunks written by 4 threads.
     */
    public static BackupSettings defaults(Path tmpDir, String appVersion) {
        return new BackupSettings(tmpDir, appVersion, LockOwner.current(), Duration.ofHours(24),
                1L << 40, 1L << 40, 256L << 20, DEFAULT_CHUNK_SIZE, DEFAULT_WRITE_THREADS);
    }

    /** These settings with snapshots cut into chunks of {@code bytes}. */
    public BackupSettings withChunkSize(int bytes) {
        return new BackupSettings(tmpDir, appVersion, owner, lockGrace, maxImportBytes, maxImportEntry, maxManifestBytes,
                bytes, writeThreads);
    }
}
