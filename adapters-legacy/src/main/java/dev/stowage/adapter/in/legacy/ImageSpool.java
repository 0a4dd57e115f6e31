package dev.stowage.adapter.in.legacy;

import dev.stowage.domain.common.Sha256;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;

/**
 * Decodes data URLs ({@code data:<mime>[;param]*;base64,<data>}) as their bytes stream by, straight
 * into temporary files, with the size and SHA-256 of the decoded bytes. It takes the raw bytes of a
 * JSON string's contents, so it undoes JSON escapes first ({@code \/} is common in exported data
 * URLs). Only one image is being decoded at a time; finished ones wait, in order, for the reader.
 */
final class ImageSpool implements AutoCloseable {
    private static final int MAX_PREFIX = 256;
    private static final int[] SEXTETS = new int[128];

    static {
        java.util.Arrays.fill(SEXTETS, -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            SEXTETS[alphabet.charAt(i)] = i;
        }
    }

    /** What became of one data URL. Exactly one of {@code file} and {@code problem} is present, or neither for "". */
    record Spooled(Optional<Path> file, String mime, long size, String sha256, Optional<String> problem) {
    }

    private final Path dir;
    private final long maxBytes;
    private final ArrayDeque<Spooled> done = new ArrayDeque<>();

    // the image being decoded
    private boolean active;
    private final StringBuilder prefix = new StringBuilder();
    private boolean inData;
    private String mime;
    private String problem;
    private Path file;
    private OutputStream out;
    private MessageDigest sha;
    private long size;
    private final byte[] buffer = new byte[16 * 1024];
    private int buffered;
    private long chars;
    private int quad;
    private int quadLen;
    private int padding;
    // JSON escape state
    private boolean escape;
    private int unicodeLeft;
    private int unicode;

    ImageSpool(Path dir, long maxBytes) {
        this.dir = dir;
        this.maxBytes = maxBytes;
    }

    void begin() {
        active = true;
        prefix.setLength(0);
        inData = false;
        mime = "";
        problem = null;
        file = null;
        out = null;
        size = 0;
        buffered = 0;
        chars = 0;
        quad = 0;
        quadLen = 0;
        padding = 0;
        escape = false;
        unicodeLeft = 0;
    }

    /** One raw byte of the JSON string's contents. */
    void accept(byte b) throws IOException {
        if (problem != null) {
            return;
        }
        int c = b & 0xff;
        if (unicodeLeft > 0) {
            int d = Character.digit(c, 16);
            if (d < 0 || c > 'f') {
                fail("a bad \\u escape");
                return;
            }
            unicode = unicode * 16 + d;
            if (--unicodeLeft == 0) {
                character(unicode);
            }
            return;
        }
        if (escape) {
            escape = false;
            switch (c) {
                case '"', '\\', '/' -> character(c);
                case 'n', 'r', 't' -> character(' ');
                case 'u' -> {
                    unicodeLeft = 4;
                    unicode = 0;
                }
                default -> fail("a bad escape '\\" + (char) c + "'");
            }
            return;
        }
        if (c == '\\') {
            escape = true;
            return;
        }
        character(c);
    }

    private void character(int c) throws IOException {
        chars++;
        if (!inData) {
            if (c == ',') {
                startData();
            } else if (prefix.length() >= MAX_PREFIX || c >= 0x80) {
                fail("not a base64 data URL (it starts '" + shown() + "')");
            } else {
                prefix.append((char) c);
            }
            return;
        }
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
            return;
        }
        if (c == '=') {
            padding++;
            return;
        }
        int v = c < 128 ? SEXTETS[c] : -1;
        if (v < 0 || padding > 0) {
            fail(padding > 0 ? "base64 data goes on after its '=' padding"
                    : "character " + describe(c) + " of the base64 data is not base64");
            return;
        }
        quad = (quad << 6) | v;
        if (++quadLen == 4) {
            write(quad >> 16);
            write(quad >> 8);
            write(quad);
            quad = 0;
            quadLen = 0;
        }
    }

    private void startData() throws IOException {
        String p = prefix.toString();
        String lower = p.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("data:") || !lower.endsWith(";base64")) {
            fail("not a base64 data URL (it starts '" + shown() + "')");
            return;
        }
        String type = p.substring("data:".length(), p.length() - ";base64".length());
        int semicolon = type.indexOf(';');
        mime = (semicolon < 0 ? type : type.substring(0, semicolon)).trim();
        inData = true;
        Files.createDirectories(dir);
        file = Files.createTempFile(dir, "legacy-image-", ".bin");
        sha = Sha256.newDigest();
        out = new DigestOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024), sha);
    }

    private void write(int b) throws IOException {
        if (problem != null) {
            return; // the limit was hit earlier in this quad
        }
        if (size == maxBytes) {
            // stop here rather than spool bytes the program store would refuse anyway
            fail("the image is larger than the limit of " + maxBytes + " bytes");
            return;
        }
        buffer[buffered++] = (byte) b;
        size++;
        if (buffered == buffer.length) {
            out.write(buffer, 0, buffered);
            buffered = 0;
        }
    }

    /** The closing quote: finishes the image and queues what became of it. */
    void end() throws IOException {
        active = false;
        if (escape || unicodeLeft > 0) {
            fail("an unfinished escape");
        }
        if (problem == null && !inData) {
            if (prefix.length() == 0) {
                done.add(new Spooled(Optional.empty(), "", 0, "", Optional.empty()));
                return;
            }
            fail("not a base64 data URL (it starts '" + shown() + "')");
        }
        if (problem == null) {
            if (quadLen == 1 || (padding > 0 && (quadLen + padding) != 4) || padding > 2) {
                fail("the base64 data is cut short (" + (chars - prefix.length() - 1) + " characters)");
            } else if (quadLen == 2) {
                write(quad >> 4);
            } else if (quadLen == 3) {
                write(quad >> 10);
                write(quad >> 2);
            }
        }
        if (problem != null) {
            done.add(new Spooled(Optional.empty(), mime, 0, "", Optional.of(problem)));
            return;
        }
        out.write(buffer, 0, buffered);
        out.close();
        out = null;
        done.add(new Spooled(Optional.of(file), mime, size, HexFormat.of().formatHex(sha.digest()), Optional.empty()));
        file = null;
    }

    /** The stream ended inside the string: drop it. */
    void abandon() throws IOException {
        active = false;
        discard();
    }

    /** The oldest finished image not yet taken. */
    Optional<Spooled> take() {
        return Optional.ofNullable(done.poll());
    }

    private void fail(String why) throws IOException {
        problem = why;
        discard();
    }

    private void discard() throws IOException {
        if (out != null) {
            out.close();
            out = null;
        }
        if (file != null) {
            Files.deleteIfExists(file);
            file = null;
        }
    }

    private String shown() {
        String p = prefix.toString();
        return p.length() > 40 ? p.substring(0, 40) + "..." : p;
    }

    private static String describe(int c) {
        return c >= 0x20 && c < 0x7f ? "'" + (char) c + "'" : String.format(Locale.ROOT, "U+%04X", c);
    }

    /** Deletes every image not taken and any being decoded. */
    @Override
    public void close() throws IOException {
        if (active) {
            abandon();
        }
        for (Spooled s = done.poll(); s != null; s = done.poll()) {
            if (s.file().isPresent()) {
                Files.deleteIfExists(s.file().get());
            }
        }
    }
}
