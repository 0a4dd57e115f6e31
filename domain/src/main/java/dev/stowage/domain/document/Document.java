package dev.stowage.domain.document;

import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import java.time.Instant;
import java.util.Objects;

/**
 * A user's stored file and its metadata. The bytes live in a blob store under {@code blob}; the
 * metadata is written only after the bytes are durable, so a document a reader can see always has
 * its bytes.
 *
 * @param version starts at 1, +1 on every change (optimistic concurrency, the HTTP ETag)
 */
public record Document(DocumentId id, UserId owner, DocumentName name, FileName fileName, MimeType mimeType,
                       long size, Sha256 sha256, BlobKey blob, Visibility visibility, UserMetadata metadata,
                       long version, Instant createdAt, Instant updatedAt) {
    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(metadata, "metadata");
        if (version < 1) {
            throw new IllegalArgumentException("version < 1");
        }
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    /** True when {@code user} may read it: the owner always, anyone when public. */
    public boolean readableBy(UserId user) {
        return visibility == Visibility.PUBLIC || owner.equals(user);
    }
}
