package dev.stowage.adapter.in.legacy;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the legacy file readers.
 *
 * @param tmpDir        where decoded master images wait while their program entry is handed over
 * @param maxEntryChars the largest entry (one job, one program without its image, or the queue state
 *                      file's members other than its jobs) read into memory, in characters of JSON;
 *                      a larger entry is reported, not read
 */
public record LegacySettings(Path tmpDir, int maxEntryChars) {
    /** Four million characters: far above any real entry, far below what a 128 MiB heap can hold. */
    public static final int DEFAULT_MAX_ENTRY_CHARS = 4 << 20;

    public LegacySettings {
        Objects.requireNonNull(tmpDir, "tmpDir");
        if (maxEntryChars < 1024) {
            throw new IllegalArgumentException("maxEntryChars must be at least 1024, got " + maxEntryChars);
        }
    }

    public static LegacySettings defaults(Path tmpDir) {
        return new LegacySettings(tmpDir, DEFAULT_MAX_ENTRY_CHARS);
    }
}
