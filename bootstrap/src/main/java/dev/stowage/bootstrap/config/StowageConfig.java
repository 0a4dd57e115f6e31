package dev.stowage.bootstrap.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every setting of a Stowage instance, read once at start and already validated by
 * {@link ConfigLoader}. Printing it never shows a secret.
 *
 * @param dataDir    the folder that holds everything by default ({@code stowage.data-dir})
 * @param tmpDir     scratch space ({@code stowage.tmp-dir})
 * @param database   the SQLite engine's settings ({@code stowage.database.*})
 * @param blobs      the blob backend and its settings ({@code stowage.blobs.*})
 * @param backups    where backups go ({@code stowage.backups.*})
 * @param http       the HTTP server's settings ({@code stowage.http.*})
 * @param documents  limits of the document store ({@code stowage.documents.*})
 * @param programs   limits of the program store ({@code stowage.programs.*})
 * @param queue      the job queue's housekeeping ({@code stowage.queue.*})
 */
public record StowageConfig(Path dataDir, Path tmpDir, Database database, Blobs blobs, Backups backups,
                            Http http, Documents documents, Programs programs, Queue queue) {

    public StowageConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tmpDir, "tmpDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(queue, "queue");
    }

    /** The backup folder on the local disk ({@code stowage.backups.dir}), used by the {@code fs} target. */
    public Path backupsDir() {
        return backups.dir();
    }

    /** Where unfinished resumable uploads keep their bytes: always on the local disk. */
    public Path uploadStagingDir() {
        return tmpDir.resolve("uploads");
    }

    /** How hard SQLite flushes to disk; see {@code PRAGMA synchronous}. */
    public enum Synchronous { NORMAL, FULL }

    /** {@code stowage.database.*}. */
    public record Database(Path path, Synchronous synchronous, int readPoolSize, Duration busyTimeout,
                           int maxBusyRetries, Duration checkpointInterval, boolean migrateOnStart) {
    }

    /**
     * {@code stowage.blobs.*}.
     *
     * @param backend the name of the chosen backend, one of {@link ConfigLoader#BLOB_BACKENDS}
     * @param fs      the filesystem backend's settings (read whichever backend is chosen)
     * @param s3      the S3 backend's settings, checked only when {@code backend} is {@code s3}
     */
    public record Blobs(String backend, Fs fs, S3 s3) {
    }

    /** {@code stowage.blobs.fs.*}. */
    public record Fs(Path root) {
    }

    /**
     * {@code stowage.blobs.s3.*}. Empty strings and a null endpoint mean "not set", which is only
     * allowed while another backend is chosen.
     */
    public record S3(URI endpoint, String region, String bucket, String accessKey, Secret secretKey,
                     boolean pathStyle, String prefix, long partSize) {
    }

    /**
     * {@code stowage.backups.*}.
     *
     * @param dir      the folder of the {@code fs} target
     * @param target   the chosen target, one of {@link ConfigLoader#BACKUP_TARGETS}
     * @param s3Bucket the bucket of the {@code s3} target (the blobs' bucket when not set); the
     *                 connection is {@code stowage.blobs.s3.*}'s
     * @param s3Prefix the folder of the {@code s3} target in its bucket, ending in {@code /}
     * @param schedule backups taken by a running service
     */
    public record Backups(Path dir, String target, String s3Bucket, String s3Prefix, Schedule schedule) {
        public Backups {
            Objects.requireNonNull(schedule, "schedule");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(s3Bucket, "s3Bucket");
            Objects.requireNonNull(s3Prefix, "s3Prefix");
        }
    }

    /**
     * {@code stowage.backups.schedule.*}.
     *
     * @param interval   time between scheduled backups; zero for none
     * @param verify     verify each scheduled backup
     * @param keepWithin zero for that rule off
     */
    public record Schedule(Duration interval, boolean verify, int keepLast, int keepDaily, int keepWeekly,
                           int keepMonthly, Duration keepWithin) {
        public Schedule {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(keepWithin, "keepWithin");
        }

        /** True when the schedule rotates: some rule is on. */
        public boolean rotates() {
            return keepLast > 0 || keepDaily > 0 || keepWeekly > 0 || keepMonthly > 0 || !keepWithin.isZero();
        }
    }

    /**
     * {@code stowage.documents.*}.
     *
     * @param quotaBytesPerOwner 0 means no quota
     */
    public record Documents(long maxDocumentBytes, long quotaBytesPerOwner, Duration uploadExpiry,
                            Duration orphanGrace, Duration sweepInterval, long metadataCacheBytes) {
    }

    /** {@code stowage.programs.*}. */
    public record Programs(long maxConfigBytes, long maxImageBytes, int maxImagePixels, int thumbnailSize) {
    }

    /**
     * {@code stowage.queue.*}.
     *
     * @param retention finished jobs older than this are deleted; zero keeps them forever
     */
    public record Queue(Duration recoveryInterval, Duration retention, Duration fallbackPoll) {
    }

    /**
     * {@code stowage.http.*}.
     *
     * @param corsAllowedOrigins origins in lower case, or {@code *} alone; empty for no CORS
     */
    public record Http(String host, int port, long maxRequestBytes, Duration shutdownTimeout, long maxJsonBytes,
                       long maxHeaderBytes, boolean anonymousPublicReads, boolean metricsRequireToken,
                       Duration maxClaimWait, List<String> corsAllowedOrigins) {
        public Http {
            corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        }
    }

    /** A value that must never be printed; {@link #toString()} hides it. */
    public record Secret(String value) {
        public Secret {
            Objects.requireNonNull(value, "value");
        }

        /** True when no secret was configured. */
        public boolean isEmpty() {
            return value.isEmpty();
        }

        @Override
        public String toString() {
            return value.isEmpty() ? "" : "******";
        }
    }
}
