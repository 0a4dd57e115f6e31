package dev.stowage.application.service.program;

/**
 * Limits of the program store.
 *
 * @param maxConfigBytes the largest config accepted, in UTF-8 bytes of its JSON text
 * @param maxImageBytes  the largest master image accepted
 * @param thumbnailEdge  the longer edge of a thumbnail, in pixels
 */
public record ProgramSettings(int maxConfigBytes, long maxImageBytes, int thumbnailEdge) {
    public ProgramSettings {
        if (maxConfigBytes < 2) {
            throw new IllegalArgumentException("maxConfigBytes < 2 (no JSON value fits)");
        }
        if (maxImageBytes < 1) {
            throw new IllegalArgumentException("maxImageBytes < 1");
        }
        if (thumbnailEdge < 16 || thumbnailEdge > 4096) {
            throw new IllegalArgumentException("thumbnailEdge must be 16-4096 pixels");
        }
    }

    /** Configs up to 256 KiB, images up to 64 MiB, thumbnails 256 pixels on their longer edge. */
    public static ProgramSettings defaults() {
        return new ProgramSettings(256 * 1024, 64L << 20, 256);
    }
}
