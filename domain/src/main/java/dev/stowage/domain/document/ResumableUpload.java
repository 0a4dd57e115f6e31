package dev.stowage.domain.document;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * An upload sent in pieces: a declared length, bytes received so far, and what the finished
 * document will be called. It expires when left unfinished past {@code expiresAt}.
 *
 * <p>A partial upload ({@link UploadConcat#PARTIAL}) never becomes a document: it has no name of
 * its own, so its description holds the neutral values of {@link #partial}, which nothing shows. A
 * final upload is complete from its creation: its bytes are those of its parts.
 *
 * <p>A backup archive upload ({@link UploadPurpose#BACKUP_ARCHIVE}) becomes no document either: its
 * description holds the neutral values of {@link #backupArchive} and the file name its client gave.
 *
 * @param offset  bytes received and durable so far
 * @param concat  its part in concatenation; {@link UploadConcat#NONE} for a plain upload
 * @param purpose what its last byte makes of it
 */
public record ResumableUpload(UploadId id, UserId owner, long length, long offset, DocumentName name,
                              FileName fileName, MimeType mimeType, Visibility visibility, UserMetadata metadata,
                              Optional<Sha256> expectedSha256, Instant createdAt, Instant expiresAt,
                              UploadConcat concat, UploadPurpose purpose) {
    /** What a partial upload's description holds: it never becomes a document, so none is asked for. */
    public static final DocumentName PARTIAL_NAME = new DocumentName("partial upload");
    public static final FileName PARTIAL_FILE_NAME = new FileName("partial");
    /** What a backup archive upload's description holds in place of a document's name. */
    public static final DocumentName ARCHIVE_NAME = new DocumentName("backup archive");

    public ResumableUpload {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        if (length < 0 || offset < 0 || offset > length) {
            throw new IllegalArgumentException("need 0 <= offset <= length");
        }
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(concat, "concat");
        if (concat.isFinal() && offset != length) {
            throw new IllegalArgumentException("a final upload is complete from its creation");
        }
        Objects.requireNonNull(purpose, "purpose");
        if (purpose == UploadPurpose.BACKUP_ARCHIVE && concat.kind() != UploadConcat.Kind.NONE) {
            throw new IllegalArgumentException("a backup archive upload takes no part in concatenation");
        }
    }

    /** An upload that becomes a document, plain or in concatenation. */
    public ResumableUpload(UploadId id, UserId owner, long length, long offset, DocumentName name, FileName fileName,
                           MimeType mimeType, Visibility visibility, UserMetadata metadata,
                           Optional<Sha256> expectedSha256, Instant createdAt, Instant expiresAt, UploadConcat concat) {
        this(id, owner, length, offset, name, fileName, mimeType, visibility, metadata, expectedSha256, createdAt,
                expiresAt, concat, UploadPurpose.DOCUMENT);
    }

    /** A plain upload (no concatenation). */
    public ResumableUpload(UploadId id, UserId owner, long length, long offset, DocumentName name, FileName fileName,
                           MimeType mimeType, Visibility visibility, UserMetadata metadata,
                           Optional<Sha256> expectedSha256, Instant createdAt, Instant expiresAt) {
        this(id, owner, length, offset, name, fileName, mimeType, visibility, metadata, expectedSha256, createdAt,
                expiresAt, UploadConcat.NONE);
    }

    /** A new, empty partial upload of {@code length} bytes. */
    public static ResumableUpload partial(UploadId id, UserId owner, long length, Instant createdAt, Instant expiresAt) {
        return new ResumableUpload(id, owner, length, 0, PARTIAL_NAME, PARTIAL_FILE_NAME, MimeType.OCTET_STREAM,
                Visibility.PRIVATE, UserMetadata.EMPTY, Optional.empty(), createdAt, expiresAt, UploadConcat.PARTIAL);
    }

    /** A new, empty upload of {@code length} bytes of a backup archive, to be imported when complete. */
    public static ResumableUpload backupArchive(UploadId id, UserId owner, long length, FileName fileName,
                                                Instant createdAt, Instant expiresAt) {
        return new ResumableUpload(id, owner, length, 0, ARCHIVE_NAME, fileName, MimeType.OCTET_STREAM,
                Visibility.PRIVATE, UserMetadata.EMPTY, Optional.empty(), createdAt, expiresAt, UploadConcat.NONE,
                UploadPurpose.BACKUP_ARCHIVE);
    }

    public boolean complete() {
        return offset == length;
    }

    public ResumableUpload withOffset(long newOffset) {
        return new ResumableUpload(id, owner, length, newOffset, name, fileName, mimeType, visibility, metadata,
                expectedSha256, createdAt, expiresAt, concat, purpose);
    }
}
