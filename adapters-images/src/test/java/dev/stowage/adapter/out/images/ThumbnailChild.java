package dev.stowage.adapter.out.images;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a child JVM with a small heap: {@code ThumbnailChild WIDTH HEIGHT DIR} writes a PNG of that
 * size into DIR (streaming), then makes its thumbnail there, and prints {@code OK} and the image's facts.
 */
public final class ThumbnailChild {
    private ThumbnailChild() {
    }

    public static void main(String[] args) throws Exception {
        int width = Integer.parseInt(args[0]);
        int height = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        Path image = dir.resolve("huge.png");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(image), 1 << 16)) {
            Pngs.write(out, width, height, (y, row) -> {
                // a gradient with stripes: not one colour, so the thumbnail shows the decode was real
                for (int x = 0; x < width; x++) {
                    row[3 * x] = (byte) (x * 255L / width);
                    row[3 * x + 1] = (byte) (y * 255L / height);
                    row[3 * x + 2] = (byte) ((x / 500) % 2 == 0 ? 0 : 255);
                }
            });
        }
        var inspector = new ImageIoInspector(new ImageSettings(200_000_000L, dir.resolve("cache")));
        ImageIoInspector.ImageFacts facts;
        try (InputStream in = Files.newInputStream(image)) {
            facts = inspector.inspect(in);
        }
        try (InputStream in = Files.newInputStream(image); OutputStream out = Files.newOutputStream(dir.resolve("thumb.png"))) {
            inspector.thumbnail(in, out, 256);
        }
        System.out.println("OK " + facts.width() + "x" + facts.height() + " maxMemory=" + Runtime.getRuntime().maxMemory());
    }
}
