package dev.stowage.adapter.in.http;

import dev.stowage.domain.document.UploadPurpose;
import java.time.Duration;
import java.util.Objects;

/**
 * How the tus endpoints are laid out and what they accept.
 *
 * @param basePath      the creation URL, for example {@code /api/v1/uploads}; an upload lives at
 *                      {@code basePath/{id}}
 * @param documentsPath where what a finished upload makes is found, for example
 *                      {@code /api/v1/documents} (the {@code Link} of the last PATCH points below it)
 * @param maxSize       the largest {@code Upload-Length} accepted, announced as {@code Tus-Max-Size};
 *                      normally the document store's own limit, so the two cannot disagree
 * @param writeWait     how long a request waits for another request on the same upload to finish
 *                      (a PATCH whose client vanished is still draining, for example) before it gives
 *                      up with 423
 * @param purpose       what uploads made here become: documents, or backups imported from archives
 *                      (administrators only, no concatenation); an upload of the other kind is not
 *                      found here
 */
record TusSettings(String basePath, String documentsPath, long maxSize, Duration writeWait, UploadPurpose purpose) {

    /** The Stowage layout under {@code /api/v1}, waiting up to five seconds for a busy upload. */
    static TusSettings defaults(long maxSize) {
        return new TusSettings("/api/v1/uploads", "/api/v1/documents", maxSize, Duration.ofSeconds(5));
    }

    /** Uploads of backup archives at {@code /api/v1/backups/uploads}, each imported as a backup when complete. */
    static TusSettings backupArchives(long maxSize) {
        return new TusSettings(BackupRoutes.UPLOADS, BackupRoutes.BASE, maxSize, Duration.ofSeconds(5),
                UploadPurpose.BACKUP_ARCHIVE);
    }

    /** Uploads that become documents. */
    TusSettings(String basePath, String documentsPath, long maxSize, Duration writeWait) {
        this(basePath, documentsPath, maxSize, writeWait, UploadPurpose.DOCUMENT);
    }

    /** @throws IllegalArgumentException naming the field when a value is out of range */
    TusSettings {
        requirePath(basePath, "basePath");
        requirePath(documentsPath, "documentsPath");
        Objects.requireNonNull(writeWait, "writeWait");
        Objects.requireNonNull(purpose, "purpose");
        if (maxSize < 0) {
            throw new IllegalArgumentException("maxSize must not be negative, was " + maxSize);
        }
        if (writeWait.isNegative() || writeWait.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("writeWait must be between 0 and 1 minute, was " + writeWait);
        }
    }

    private static void requirePath(String path, String field) {
        Objects.requireNonNull(path, field);
        if (!path.startsWith("/") || path.length() < 2 || path.endsWith("/") || path.contains("{")) {
            throw new IllegalArgumentException(field + " must start with '/', not end with '/' and hold no"
                    + " path parameter, was '" + path + "'");
        }
    }
}
