package dev.stowage.application.port.in.document;

import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What an upload will become.
 *
 * @param declaredSize   the size the client announced, checked against the bytes received
 * @param expectedSha256 the digest the client announced, checked against the bytes received
 */
public record UploadCommand(DocumentName name, FileName fileName, MimeType mimeType, Visibility visibility,
                            UserMetadata metadata, OptionalLong declaredSize, Optional<Sha256> expectedSha256) {
    public UploadCommand {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(mimeType, "mimeType");
        Objects.requireNonNull(visibility, "visibility");
        Objects.requireNonNull(metadata, "metadata");
        Objects.requireNonNull(declaredSize, "declaredSize");
        Objects.requireNonNull(expectedSha256, "expectedSha256");
    }

    /** A private document with no metadata and nothing declared. */
    public static UploadCommand of(DocumentName name, FileName fileName, MimeType mimeType) {
        return new UploadCommand(name, fileName, mimeType, Visibility.PRIVATE, UserMetadata.EMPTY, OptionalLong.empty(), Optional.empty());
    }
}
