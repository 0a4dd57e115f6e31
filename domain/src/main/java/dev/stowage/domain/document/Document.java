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

    /**
     * The next version of this document, as a change or a new content makes it: same id, owner and
     * creation time, version {@code expectedVersion + 1}, updated at {@code at}; set what changes on
     * the builder.
     */
    public Builder nextVersion(long expectedVersion, Instant at) {
        return new Builder(this).version(expectedVersion + 1).updatedAt(at);
    }

    /** A new document's first version, made at {@code at}; set the rest on the builder. */
    public static Builder first(DocumentId id, UserId owner, Instant at) {
        Builder b = new Builder();
        b.id = id;
        b.owner = owner;
        b.version = 1;
        b.createdAt = at;
        b.updatedAt = at;
        return b;
    }

    /** Builds a {@link Document}; {@link #build()} checks it as the constructor does. */
    public static final class Builder {
        private DocumentId id;
        private UserId owner;
        private DocumentName name;
        private FileName fileName;
        private MimeType mimeType;
        private long size = -1;
        private Sha256 sha256;
        private BlobKey blob;
        private Visibility visibility;
        private UserMetadata metadata;
        private long version;
        private Instant createdAt;
        private Instant updatedAt;

        private Builder() {
        }

        private Builder(Document d) {
            id = d.id;
            owner = d.owner;
            name = d.name;
            fileName = d.fileName;
            mimeType = d.mimeType;
            size = d.size;
            sha256 = d.sha256;
            blob = d.blob;
            visibility = d.visibility;
            metadata = d.metadata;
            version = d.version;
            createdAt = d.createdAt;
            updatedAt = d.updatedAt;
        }

        public Builder name(DocumentName value) {
            name = value;
            return this;
        }

        public Builder fileName(FileName value) {
            fileName = value;
            return this;
        }

        public Builder mimeType(MimeType value) {
            mimeType = value;
            return this;
        }

        /** The bytes: their size, digest and the blob that holds them. */
        public Builder content(long sizeValue, Sha256 sha256Value, BlobKey blobValue) {
            size = sizeValue;
            sha256 = sha256Value;
            blob = blobValue;
            return this;
        }

        public Builder visibility(Visibility value) {
            visibility = value;
            return this;
        }

        public Builder metadata(UserMetadata value) {
            metadata = value;
            return this;
        }

        Builder version(long value) {
            version = value;
            return this;
        }

        public Builder updatedAt(Instant value) {
            updatedAt = value;
            return this;
        }

        public Document build() {
            return new Document(id, owner, name, fileName, mimeType, size, sha256, blob, visibility, metadata, version,
                    createdAt, updatedAt);
        }
    }

    /** True when {@code user} may read it: the owner always, anyone when public. */
    public boolean readableBy(UserId user) {
        return visibility == Visibility.PUBLIC || owner.equals(user);
    }
}
