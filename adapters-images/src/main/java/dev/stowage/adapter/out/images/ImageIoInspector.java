package dev.stowage.adapter.out.images;

import dev.stowage.application.port.out.ImageInspector;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.TooLargeException;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadWarningListener;
import javax.imageio.stream.FileCacheImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * {@link ImageInspector} over ImageIO. The reader is chosen by the bytes' signature, never by a
 * name or MIME type the client gave, and only PNG, JPEG and WebP readers are used (the JDK has no
 * WebP reader of its own; a plug-in on the class path adds one).
 */
final class ImageIoInspector implements ImageInspector {
    private static final Map<String, MimeType> FORMATS = Map.of(
            "png", new MimeType("image/png"),
            "jpeg", new MimeType("image/jpeg"),
            "webp", new MimeType("image/webp"));
    /** The thumbnail is scaled down from about twice its size, which subsampling alone would make jagged. */
    private static final int OVERSAMPLE = 2;

    private final ImageSettings settings;

    ImageIoInspector(ImageSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    @Override
    public ImageFacts inspect(InputStream data) {
        Objects.requireNonNull(data, "data");
        // only the header is read, so the few bytes read may stay in memory
        try (ImageInputStream in = new MemoryCacheImageInputStream(data)) {
            Opened opened = open(in);
            opened.reader().dispose();
            return opened.facts();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void thumbnail(InputStream image, OutputStream png, int maxEdge) {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(png, "png");
        if (maxEdge < 1) {
            throw new IllegalArgumentException("maxEdge < 1");
        }
        BufferedImage preview;
        try (ImageInputStream in = new FileCacheImageInputStream(image, cacheDir())) {
            Opened opened = open(in);
            ImageReader reader = opened.reader();
            try {
                preview = decodeSmall(reader, opened.facts(), maxEdge);
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the preview is small: buffering it in memory beats a cache file
        try (ImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
            if (!ImageIO.write(preview, "png", out)) {
                throw new IllegalStateException("this Java runtime has no PNG writer");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Opened(ImageReader reader, ImageFacts facts) {
    }

    /** Picks a reader by signature, reads the header and refuses a bomb; the caller disposes the reader. */
    private Opened open(ImageInputStream in) throws IOException {
        Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
        if (!readers.hasNext()) {
            throw new InvalidInputException(isWebp(in)
                    ? "the image is WebP, which this server's Java runtime cannot read; send PNG or JPEG"
                    : "the bytes are not an image this server reads (PNG, JPEG)");
        }
        ImageReader reader = readers.next();
        String format = reader.getOriginatingProvider() == null ? reader.getFormatName()
                : reader.getOriginatingProvider().getFormatNames()[0];
        format = format.toLowerCase(Locale.ROOT).equals("jpg") ? "jpeg" : format.toLowerCase(Locale.ROOT);
        MimeType mime = FORMATS.get(format);
        if (mime == null) {
            reader.dispose();
            throw new InvalidInputException("the image is " + format.toUpperCase(Locale.ROOT)
                    + "; only PNG, JPEG and WebP images are accepted");
        }
        try {
            reader.setInput(in, true, true);
            int width = reader.getWidth(0);
            int height = reader.getHeight(0);
            if (width < 1 || height < 1) {
                throw new InvalidInputException("the image header declares no pixels");
            }
            if ((long) width * height > settings.maxPixels()) {
                // refused from the header: not one pixel of a decompression bomb is decoded
                throw new TooLargeException("the image (" + width + " x " + height + " pixels)", settings.maxPixels(),
                        "pixels");
            }
            return new Opened(reader, new ImageFacts(format, mime, width, height));
        } catch (IOException | RuntimeException e) {
            reader.dispose();
            throw unreadable(e);
        }
    }

    /**
     * Decodes every row of the image (so a truncated or corrupt one is caught) but keeps only every
     * n-th pixel of every n-th row, then scales that to the preview's size.
     */
    private static BufferedImage decodeSmall(ImageReader reader, ImageFacts facts, int maxEdge) {
        int longer = Math.max(facts.width(), facts.height());
        int step = Math.max(1, longer / (maxEdge * OVERSAMPLE));
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceSubsampling(step, step, 0, 0);
        StringBuilder truncated = new StringBuilder();
        reader.addIIOReadWarningListener(warningsInto(truncated));
        BufferedImage decoded;
        try {
            decoded = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            throw unreadable(e);
        }
        if (truncated.length() > 0) {
            throw new InvalidInputException("the image data is truncated or corrupt: " + truncated);
        }
        int width = facts.width();
        int height = facts.height();
        if (longer > maxEdge) {
            width = Math.max(1, (int) Math.round((double) facts.width() * maxEdge / longer));
            height = Math.max(1, (int) Math.round((double) facts.height() * maxEdge / longer));
        }
        BufferedImage preview = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = preview.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.drawImage(decoded, 0, 0, width, height, null);
        } finally {
            g.dispose();
        }
        return preview;
    }

    /** The JPEG reader reports a cut-off file only as a warning, and fills the rest with grey. */
    private static IIOReadWarningListener warningsInto(StringBuilder truncated) {
        return (source, warning) -> {
            if (warning != null && warning.toLowerCase(Locale.ROOT).contains("premature end")) {
                truncated.append(warning);
            }
        };
    }

    private static RuntimeException unreadable(Exception e) {
        if (e instanceof InvalidInputException invalid) {
            return invalid;
        }
        String detail = e instanceof IIOException && e.getMessage() != null ? ": " + e.getMessage() : "";
        return new InvalidInputException("the image is truncated or corrupt" + detail);
    }

    /** A RIFF container whose form type is WEBP. */
    private static boolean isWebp(ImageInputStream in) throws IOException {
        byte[] head = new byte[12];
        in.mark();
        try {
            in.readFully(head);
        } catch (java.io.EOFException e) {
            return false;
        } finally {
            in.reset();
        }
        return head[0] == 'R' && head[1] == 'I' && head[2] == 'F' && head[3] == 'F'
                && head[8] == 'W' && head[9] == 'E' && head[10] == 'B' && head[11] == 'P';
    }

    private java.io.File cacheDir() throws IOException {
        return Files.createDirectories(settings.cacheDir()).toFile();
    }
}
