package dev.stowage.application.service.backup;

import dev.stowage.domain.backup.PackEntry;
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
 *                           ones a shorter manifest (40 bytes a chunk); chunks are gathered into packs
 * @param writeThreads       objects are written by this many threads at once (1-64): writes spend
 *                           most of their time waiting for the disk or the network
 * @param packSize           new chunks are gathered into packs of up to this many bytes (from the
 *                           chunk size to 64 MiB), each one object: one sync or upload per pack.
 *                           A pack being filled, and one waiting or being written per write thread (at
 *                           least two, at most 256 MiB of them unless two packs are more), are held in memory
 */
public record BackupSettings(Path tmpDir, String appVersion, String owner, Duration lockGrace, long maxImportBytes,
                             long maxImportEntry, long maxManifestBytes, int chunkSize, int writeThreads, int packSize) {
    /** The default chunk: 2 pages of SQLite's default 4 KiB (see docs/backups.md for the trade-off). */
    public static final int DEFAULT_CHUNK_SIZE = 8 * 1024;
    public static final int DEFAULT_WRITE_THREADS = 4;
    /** The default pack: 64 objects for a 1 GiB database. */
    public static final int DEFAULT_PACK_SIZE = 16 << 20;

    public BackupSettings {
        SnapshotEntry.checkChunkSize(chunkSize);
        Checks.range(packSize, chunkSize, PackEntry.MAX_PACK_SIZE, "backup pack size");
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
     * 8 KiB chunks in packs of 16 MiB written by 4 threads.
     */
    public static BackupSettings defaults(Path tmpDir, String appVersion) {
        return new BackupSettings(tmpDir, appVersion, LockOwner.current(), Duration.ofHours(24),
                1L << 40, 1L << 40, 256L << 20, DEFAULT_CHUNK_SIZE, DEFAULT_WRITE_THREADS, DEFAULT_PACK_SIZE);
    }

    /** These settings with snapshots cut into chunks of {@code bytes}. */
    public BackupSettings withChunkSize(int bytes) {
        return new BackupSettings(tmpDir, appVersion, owner, lockGrace, maxImportBytes, maxImportEntry, maxManifestBytes,
                bytes, writeThreads, Math.max(bytes, packSize));
    }

    /** These settings with new chunks gathered into packs of up to {@code bytes}. */
    public BackupSettings withPackSize(int bytes) {
        return new BackupSettings(tmpDir, appVersion, owner, lockGrace, maxImportBytes, maxImportEntry, maxManifestBytes,
                chunkSize, writeThreads, bytes);
    }
}
