package dev.stowage.adapter.out.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.application.port.out.ImageInspector.ImageFacts;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageIoInspectorTest {
    @TempDir
    Path dir;

    private ImageInspector inspector() {
        return Guice.createInjector(new ImagesModule(new ImageSettings(50_000_000L, dir.resolve("cache"))))
                .getInstance(ImageInspector.class);
    }

    @Test
    void readsFormatAndDimensionsOfPngAndJpeg() throws IOException {
        assertThat(inspector().inspect(in(encode(image(640, 480), "png"))))
                .isEqualTo(new ImageFacts("png", new dev.stowage.domain.document.MimeType("image/png"), 640, 480));
        ImageFacts jpeg = inspector().inspect(in(encode(image(300, 200), "jpeg")));
        assertThat(jpeg.formatName()).isEqualTo("jpeg");
        assertThat(jpeg.mimeType().value()).isEqualTo("image/jpeg");
        assertThat(jpeg.width()).isEqualTo(300);
        assertThat(jpeg.height()).isEqualTo(200);
    }

    @Test
    void theThumbnailIsAPngWhoseLongerEdgeIsTheLimit() throws IOException {
        BufferedImage wide = thumbnail(encode(image(1000, 500), "png"), 256);
        assertThat(wide.getWidth()).isEqualTo(256);
        assertThat(wide.getHeight()).isEqualTo(128);
        BufferedImage tall = thumbnail(encode(image(300, 1200), "jpeg"), 100);
        assertThat(tall.getWidth()).isEqualTo(25);
        assertThat(tall.getHeight()).isEqualTo(100);
        // the preview shows the picture: left half red, right half blue
        assertThat(new Color(wide.getRGB(10, 64)).getRed()).isGreaterThan(200);
        assertThat(new Color(wide.getRGB(245, 64)).getBlue()).isGreaterThan(200);
    }

    @Test
    void aSmallImageKeepsItsSize() throws IOException {
        BufferedImage small = thumbnail(encode(image(100, 40), "png"), 256);
        assertThat(small.getWidth()).isEqualTo(100);
        assertThat(small.getHeight()).isEqualTo(40);
    }

    @Test
    void bytesThatAreNoImageAreInvalidInput() throws IOException {
        for (byte[] bad : List.of(new byte[0], "hello, world".getBytes(StandardCharsets.UTF_8),
                "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x89, 'P'})) {
            assertThatThrownBy(() -> inspector().inspect(in(bad))).isExactlyInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("not an image");
            assertThatThrownBy(() -> inspector().thumbnail(in(bad), new ByteArrayOutputStream(), 256))
                    .isExactlyInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void otherImageFormatsAreRefusedByName() throws IOException {
        assertThatThrownBy(() -> inspector().inspect(in(encode(image(10, 10), "gif"))))
                .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("GIF");
        assertThatThrownBy(() -> inspector().inspect(in(encode(image(10, 10), "bmp"))))
                .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("only PNG, JPEG and WebP");
    }

    @Test
    void webpWithoutAReaderIsRefusedWithAClearReason() {
        byte[] webp = "RIFF\u0024\0\0\0WEBPVP8 \u0018\0\0\0".getBytes(StandardCharsets.ISO_8859_1);
        if (ImageIO.getImageReadersByFormatName("webp").hasNext()) {
            return; // a plug-in reads WebP here; the refusal below is for the plain JDK
        }
        assertThatThrownBy(() -> inspector().inspect(in(webp))).isExactlyInstanceOf(InvalidInputException.class)
                .hasMessageContaining("WebP");
    }

    @Test
    void aDecompressionBombIsRefusedFromItsHeaderWithoutDecoding() throws IOException {
        byte[] bomb = Pngs.bomb(100_000, 100_000);
        assertThat(bomb.length).isLessThan(200);

        assertThatThrownBy(() -> inspector().inspect(in(bomb))).isInstanceOfSatisfying(TooLargeException.class,
                e -> assertThat(e.getMessage()).contains("100000 x 100000").contains("pixels"));
        // Had the pixels been decoded, the short data would have failed as truncated, not as too large.
        assertThatThrownBy(() -> inspector().thumbnail(in(bomb), new ByteArrayOutputStream(), 256))
                .isInstanceOf(TooLargeException.class);
    }

    @Test
    void theLimitIsInclusive() throws IOException {
        ImageInspector tight = new ImageIoInspector(new ImageSettings(100 * 100, dir));
        assertThat(tight.inspect(in(encode(image(100, 100), "png"))).width()).isEqualTo(100);
        assertThatThrownBy(() -> tight.inspect(in(encode(image(101, 100), "png")))).isInstanceOf(TooLargeException.class);
    }

    @Test
    void aTruncatedImageReadsItsHeaderButMakesNoThumbnail() throws IOException {
        for (String format : List.of("png", "jpeg")) {
            byte[] whole = encode(noise(400, 300), format);
            byte[] cut = Arrays.copyOf(whole, whole.length / 2);
            assertThat(inspector().inspect(in(cut)).width()).as(format).isEqualTo(400);
            assertThatThrownBy(() -> inspector().thumbnail(in(cut), new ByteArrayOutputStream(), 256)).as(format)
                    .isExactlyInstanceOf(InvalidInputException.class).hasMessageContaining("truncated");
        }
    }

    @Test
    void aHundredMegapixelPngGetsItsThumbnailInA256MegabyteHeap() throws Exception {
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path"), ThumbnailChild.class.getName(),
                "10000", "10000", dir.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream out = child.getInputStream()) {
            output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).startsWith("OK 10000x10000");
        BufferedImage thumb = ImageIO.read(dir.resolve("thumb.png").toFile());
        assertThat(thumb.getWidth()).isEqualTo(256);
        assertThat(thumb.getHeight()).isEqualTo(256);
        // the gradient survived: dark at the top left, red at the right
        assertThat(new Color(thumb.getRGB(2, 2)).getRed()).isLessThan(20);
        assertThat(new Color(thumb.getRGB(253, 2)).getRed()).isGreaterThan(230);
        assertThat(Files.size(dir.resolve("huge.png"))).as("the source really is large").isGreaterThan(1_000_000);
    }

    // ---- helpers ----

    private BufferedImage thumbnail(byte[] image, int edge) throws IOException {
        var png = new ByteArrayOutputStream();
        inspector().thumbnail(in(image), png, edge);
        BufferedImage read = ImageIO.read(in(png.toByteArray()));
        assertThat(read).as("a PNG was written").isNotNull();
        assertThat(Arrays.copyOf(png.toByteArray(), 4)).isEqualTo(new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        return read;
    }

    private static InputStream in(byte[] bytes) {
        return new ByteArrayInputStream(bytes);
    }

    /** Left half red, right half blue. */
    private static BufferedImage image(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(0, 0, w / 2, h);
        g.setColor(Color.BLUE);
        g.fillRect(w / 2, 0, w - w / 2, h);
        g.dispose();
        return img;
    }

    /** Pixels that do not compress, so half of the file is half of the pixel data. */
    private static BufferedImage noise(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        var random = new java.util.Random(7);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        return img;
    }

    static byte[] encode(BufferedImage img, String format) throws IOException {
        var out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).as("writer for " + format).isTrue();
        return out.toByteArray();
    }
}
