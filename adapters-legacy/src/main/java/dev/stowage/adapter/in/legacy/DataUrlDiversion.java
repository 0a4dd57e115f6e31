package dev.stowage.adapter.in.legacy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Takes each program's {@code config.masterImage} string out of a programs export's bytes before the
 * JSON parser sees them: its characters go to an {@link ImageSpool}, which decodes them as they pass,
 * and the parser gets the short string {@code "stowage-image:N"} in their place (N counting from 0).
 * So no image is ever one string in memory, however large, and a bad image cannot break the parse.
 *
 * <p>To know where such a string starts it follows the JSON at the byte level, which UTF-8 allows
 * (every byte of a multi-byte character is at least 0x80, so never a quote, a bracket or a
 * backslash): inside or outside a string, escapes, nesting, and the last key at each of the first
 * three levels. The path it diverts is the array's entries' {@code config} object's
 * {@code masterImage} member, when its value is a string whose key is written without escapes.
 */
final class DataUrlDiversion extends FilterInputStream {
    static final String MARKER = "stowage-image:";
    private static final int KEY_BYTES = 16;
    private static final byte[] CONFIG = "config".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] MASTER_IMAGE = "masterImage".getBytes(StandardCharsets.US_ASCII);

    private final ImageSpool spool;
    private final byte[] in = new byte[64 * 1024];
    private int inPos;
    private int inLen;
    private final byte[] pending = new byte[64];
    private int pendingPos;
    private int pendingLen;

    private boolean inString;
    private boolean escaped;
    private boolean diverting;
    private boolean afterString;
    private boolean afterColon;
    private int depth;
    /** '[' or '{' for levels 1-3. */
    private final byte[] kinds = new byte[4];
    /** The last key at levels 1-3 (as written, when short), or null. */
    private final byte[][] keys = new byte[4][];
    private final byte[] string = new byte[KEY_BYTES];
    private int stringLen;
    private byte[] lastString;
    private int images;

    DataUrlDiversion(InputStream source, ImageSpool spool) {
        super(source);
        this.spool = spool;
    }

    /** How many images were diverted so far. */
    int images() {
        return images;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = 0;
        while (n < len) {
            if (pendingPos < pendingLen) {
                b[off + n++] = pending[pendingPos++];
                continue;
            }
            if (inPos >= inLen) {
                if (n > 0) {
                    return n;
                }
                inLen = super.read(in, 0, in.length);
                inPos = 0;
                if (inLen < 0) {
                    inLen = 0;
                    if (diverting) {
                        // the parser reports the unterminated string; the spool drops what it had
                        spool.abandon();
                        diverting = false;
                    }
                    return -1;
                }
                continue;
            }
            int out = next(in[inPos++]);
            if (out >= 0) {
                b[off + n++] = (byte) out;
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("skip is not supported");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    /** One byte in; the byte to pass on, or -1 when nothing is passed on now. */
    private int next(byte b) throws IOException {
        if (diverting) {
            return divert(b);
        }
        if (inString) {
            if (escaped) {
                escaped = false;
            } else if (b == '\\') {
                escaped = true;
            } else if (b == '"') {
                inString = false;
                afterString = true;
                lastString = stringLen <= KEY_BYTES ? Arrays.copyOf(string, stringLen) : null;
                return b;
            }
            if (stringLen < KEY_BYTES) {
                string[stringLen] = b;
            }
            stringLen++;
            return b;
        }
        if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
            return b;
        }
        if (afterString) {
            afterString = false;
            if (b == ':') {
                if (depth >= 1 && depth <= 3) {
                    keys[depth] = lastString;
                }
                afterColon = true;
                return b;
            }
        }
        boolean value = afterColon;
        afterColon = false;
        switch (b) {
            case '"' -> {
                if (value && atMasterImage()) {
                    diverting = true;
                    escaped = false;
                    spool.begin();
                } else {
                    inString = true;
                    stringLen = 0;
                }
            }
            case '{', '[' -> {
                depth++;
                if (depth <= 3) {
                    kinds[depth] = b;
                    keys[depth] = null;
                }
            }
            case '}', ']' -> depth--;
            default -> {
            }
        }
        return b;
    }

    private boolean atMasterImage() {
        return depth == 3 && kinds[1] == '[' && kinds[2] == '{' && kinds[3] == '{'
                && Arrays.equals(keys[2], CONFIG) && Arrays.equals(keys[3], MASTER_IMAGE);
    }

    private int divert(byte b) throws IOException {
        if (escaped) {
            escaped = false;
        } else if (b == '\\') {
            escaped = true;
        } else if (b == '"') {
            diverting = false;
            spool.end();
            byte[] marker = (MARKER + images++ + "\"").getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(marker, 0, pending, 0, marker.length);
            pendingPos = 0;
            pendingLen = marker.length;
            return -1;
        }
        spool.accept(b);
        return -1;
    }
}
