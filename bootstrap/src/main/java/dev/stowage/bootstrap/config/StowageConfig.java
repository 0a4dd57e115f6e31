package dev.stowage.bootstrap.config;

import dev.stowage.adapter.in.http.HttpSettings;
import dev.stowage.adapter.out.fs.FsSettings;
import dev.stowage.adapter.out.images.ImageSettings;
import dev.stowage.adapter.out.s3.S3Settings;
import dev.stowage.adapter.out.sqlite.DocumentCacheSettings;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.adapter.out.sqlite.SqliteSettings;
import dev.stowage.application.service.backup.BackupSchedule;
import dev.stowage.application.service.document.DocumentSettings;
import dev.stowage.application.service.program.ProgramSettings;
import dev.stowage.application.service.queue.JobQueueSettings;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Every setting of a Stowage instance, read once at start by {@link ConfigLoader} into the settings
 * records of the adapters and services, which validated their own values. Printing it never shows a
 * secret.
 *
 * @param dataDir       the folder that holds everything by default ({@code stowage.data-dir})
 * @param tmpDir        scratch space ({@code stowage.tmp-dir})
 * @param database      the SQLite engine ({@code stowage.database.*})
 * @param documentCache the document metadata cache ({@code stowage.documents.metadata-cache})
 * @param blobs         the blob backend and its settings ({@code stowage.blobs.*})
 * @param backups       where backups go and when ({@code stowage.backups.*})
 * @param http          the HTTP server ({@code stowage.http.*})
 * @param documents     the document store ({@code stowage.documents.*})
 * @param programs      the program store ({@code stowage.programs.*})
 * @param images        image reading ({@code stowage.programs.max-image-pixels})
 * @param queue         the job queue's services ({@code stowage.queue.*})
 * @param workers       the in-process workers of a service ({@code stowage.workers.*})
 * @param postgres      the PostgreSQL server, present when {@code stowage.database.backend} is
 *                      {@code postgres}: it then holds the metadata and the queue instead of
 *                      {@code database}'s file
 */
public record StowageConfig(Path dataDir, Path tmpDir, SqliteSettings database, DocumentCacheSettings documentCache,
                            Blobs blobs, Backups backups, HttpSettings http, DocumentSettings documents,
                            ProgramSettings programs, ImageSettings images, JobQueueSettings queue,
                            Optional<PostgresSettings> postgres, WorkerSettings workers) {

    public StowageConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(tmpDir, "tmpDir");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(documentCache, "documentCache");
        Objects.requireNonNull(blobs, "blobs");
        Objects.requireNonNull(backups, "backups");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(documents, "documents");
        Objects.requireNonNull(programs, "programs");
        Objects.requireNonNull(images, "images");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(postgres, "postgres");
        Objects.requireNonNull(workers, "workers");
    }

    /** True when metadata and the queue are on PostgreSQL ({@code stowage.database.backend = postgres}). */
    public boolean onPostgres() {
        return postgres.isPresent();
    }

    /** The backup folder on the local disk ({@code stowage.backups.dir}), used by the {@code fs} target. */
    public Path backupsDir() {
        return backups.dir();
    }

    /** Where unfinished resumable uploads keep their bytes: always on the local disk. */
    public Path uploadStagingDir() {
        return uploadStagingDir(tmpDir);
    }

    static Path uploadStagingDir(Path tmpDir) {
        return tmpDir.resolve("uploads");
    }

    /**
     * {@code stowage.blobs.*}.
     *
     * @param backend the name of the chosen backend, one of {@link ConfigLoader#BLOB_BACKENDS}
     * @param fs      the filesystem backend's settings (read whichever backend is chosen)
     * @param s3      the S3 backend's settings, present when {@code backend} is {@code s3}
     */
    public record Blobs(String backend, FsSettings fs, Optional<S3Settings> s3) {
        public Blobs {
            Objects.requireNonNull(backend, "backend");
            Objects.requireNonNull(fs, "fs");
            Objects.requireNonNull(s3, "s3");
        }
    }

    /**
     * {@code stowage.backups.*}.
     *
     * @param target   the chosen target, one of {@link ConfigLoader#BACKUP_TARGETS}
     * @param dir      the folder of the {@code fs} target
     * @param s3       the {@code s3} target's bucket and prefix over the blobs' connection, present
     *                 when {@code target} is {@code s3}
     * @param schedule backups taken by a running service
     * @param chunkSize the database snapshot is kept at the target in chunks of this many bytes
     */
    public record Backups(String target, Path dir, Optional<S3Settings> s3, BackupSchedule.Settings schedule, int chunkSize) {
        public Backups {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(dir, "dir");
            Objects.requireNonNull(s3, "s3");
            Objects.requireNonNull(schedule, "schedule");
        }
    }
}
