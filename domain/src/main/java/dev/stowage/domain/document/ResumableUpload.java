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
 * @param offset bytes received and durable so far
 */
public record ResumableUpload(UploadId id, UserId owner, long length, long offset, DocumentName name,
                              FileName fileName, MimeType mimeType, Visibility visibility, UserMetadata metadata,
                              Optional<Sha256> expectedSha256, Instant createdAt, Instant expiresAt) {
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
    }

    public boolean complete() {
        return offset == length;
    }

    public ResumableUpload withOffset(long newOffset) {
        return new ResumableUpload(id, owner, length, newOffset, name, fileName, mimeType, visibility, metadata,
                expectedSha256, createdAt, expiresAt);
    }
}
