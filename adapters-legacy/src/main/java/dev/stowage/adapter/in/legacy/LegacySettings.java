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
 * @param maxImageBytes the largest decoded master image spooled to {@code tmpDir}; decoding stops at
 *                      this size and the entry is reported, so one huge data URL cannot fill the disk
 */
public record LegacySettings(Path tmpDir, int maxEntryChars, long maxImageBytes) {
    /** Four million characters: far above any real entry, far below what a 128 MiB heap can hold. */
    public static final int DEFAULT_MAX_ENTRY_CHARS = 4 << 20;

    public LegacySettings {
        Objects.requireNonNull(tmpDir, "tmpDir");
        if (maxEntryChars < 1024) {
            throw new IllegalArgumentException("maxEntryChars must be at least 1024, got " + maxEntryChars);
        }
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes must be at least 1, got " + maxImageBytes);
        }
    }

    /** The defaults, with images limited to {@code maxImageBytes} (the programs' own limit). */
    public static LegacySettings defaults(Path tmpDir, long maxImageBytes) {
        return new LegacySettings(tmpDir, DEFAULT_MAX_ENTRY_CHARS, maxImageBytes);
    }
}
