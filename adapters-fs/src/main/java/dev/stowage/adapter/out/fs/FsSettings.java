package dev.stowage.adapter.out.fs;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where the file-system adapter keeps its bytes. Both paths are made absolute and normalised.
 *
 * @param blobRoot       the folder of finished blobs, for example {@code data/blobs}
 * @param stagingDir     the folder of unfinished resumable uploads, for example {@code data/tmp/uploads};
 *                       best on the same disk as {@code blobRoot}
 * @param reclaimAtStart whether start-up removes the temporary files of processes that are gone;
 *                       off only for a check that must report them as it found them
 */
public record FsSettings(Path blobRoot, Path stagingDir, boolean reclaimAtStart) {
    public FsSettings {
        blobRoot = Objects.requireNonNull(blobRoot, "blobRoot").toAbsolutePath().normalize();
        stagingDir = Objects.requireNonNull(stagingDir, "stagingDir").toAbsolutePath().normalize();
    }

    /** Settings that reclaim dead processes' temporary files at start-up, as every process should. */
    public FsSettings(Path blobRoot, Path stagingDir) {
        this(blobRoot, stagingDir, true);
    }
}
