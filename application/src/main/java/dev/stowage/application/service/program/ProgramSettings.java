package dev.stowage.application.service.program;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;

/**
 * Limits of the program store.
 *
 * @param maxConfigBytes the largest config accepted, in UTF-8 bytes of its JSON text: {@link #MAX_CONFIG_BYTES}
 * @param maxImageBytes  the largest master image accepted: {@link #MAX_IMAGE_BYTES}
 * @param thumbnailEdge  the longer edge of a thumbnail, in pixels: {@link #THUMBNAIL_EDGE}
 */
public record ProgramSettings(int maxConfigBytes, long maxImageBytes, int thumbnailEdge) {
    /** From 2 bytes (the smallest JSON value, {@code {}}) to 16 MiB (a config is held in memory). */
    public static final Allowed.Size MAX_CONFIG_BYTES = Allowed.size(2, 16L << 20);
    public static final Allowed.Size MAX_IMAGE_BYTES = Allowed.atLeast(1);
    public static final Allowed.Whole THUMBNAIL_EDGE = Allowed.whole(16, 4096);

    public ProgramSettings {
        SettingsCheck.of(ProgramSettings.class)
                .in("maxConfigBytes", maxConfigBytes, MAX_CONFIG_BYTES)
                .in("maxImageBytes", maxImageBytes, MAX_IMAGE_BYTES)
                .in("thumbnailEdge", thumbnailEdge, THUMBNAIL_EDGE)
                .done();
    }

    /** Configs up to 256 KiB, images up to 64 MiB, thumbnails 256 pixels on their longer edge. */
    public static ProgramSettings defaults() {
        return new ProgramSettings(256 * 1024, 64L << 20, 256);
    }
}
