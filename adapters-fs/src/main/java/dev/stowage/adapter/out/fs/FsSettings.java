package dev.stowage.adapter.out.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the file-system adapter keeps its bytes. Both paths are made absolute and normalised.
 *
 * @param blobRoot   the folder of finished blobs, for example {@code data/blobs}
 * @param stagingDir the folder of unfinished resumable uploads, for example {@code data/tmp/uploads};
 *                   best on the same disk as {@code blobRoot}
 */
public record FsSettings(Path blobRoot, Path stagingDir) {
    public FsSettings {
        blobRoot = Objects.requireNonNull(blobRoot, "blobRoot").toAbsolutePath().normalize();
        stagingDir = Objects.requireNonNull(stagingDir, "stagingDir").toAbsolutePath().normalize();
    }
}
