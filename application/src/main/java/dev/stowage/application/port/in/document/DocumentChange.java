package dev.stowage.application.port.in.document;

import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import java.util.Objects;
import java.util.Optional;

/** Changes to a document's metadata; empty fields stay as they are. */
public record DocumentChange(Optional<DocumentName> name, Optional<FileName> fileName, Optional<MimeType> mimeType,
                             Optional<Visibility> visibility, Optional<UserMetadata> metadata) {
    public DocumentChange {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(metadata, "metadata");
    }

    public static DocumentChange none() {
        return new DocumentChange(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public DocumentChange rename(DocumentName n) {
        return new DocumentChange(Optional.of(n), fileName, mimeType, visibility, metadata);
    }

    public DocumentChange visibility(Visibility v) {
        return new DocumentChange(name, fileName, mimeType, Optional.of(v), metadata);
    }

    public DocumentChange metadata(UserMetadata m) {
        return new DocumentChange(name, fileName, mimeType, visibility, Optional.of(m));
    }
}
