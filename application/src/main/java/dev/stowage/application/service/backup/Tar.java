package dev.stowage.application.service.backup;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The small part of POSIX ustar that backup archives use: regular files with short ASCII names.
 * Written by hand because the format is simple and the reader must refuse far more than a general
 * tar library would (links, devices, pax and GNU extensions, names that climb out).
 */
final class Tar {
    static final int BLOCK = 512;
    /** ustar's size field holds 11 octal digits. */
    static final long MAX_ENTRY = 077777777777L;

    private Tar() {
    }

    /** Bytes an entry of {@code size} takes: its header and its content padded to whole blocks. */
    static long entryBytes(long size) {
        return BLOCK + padded(size);
    }

    /** The two zero blocks that end an archive. */
    static long trailerBytes() {
        return 2L * BLOCK;
    }

    static long padded(long size) {
        return (size + BLOCK - 1) / BLOCK * BLOCK;
    }

    /** Writes entries one after the other; the caller streams each entry's content in between. */
    static final class Writer {
        private final OutputStream out;

        Writer(OutputStream out) {
            this.out = out;
        }

        /** Writes {@code size} bytes from {@code content} as the file {@code name}; fails if fewer arrive. */
        void entry(String name, long size, Instant mtime, InputStream content) throws IOException {
            out.write(header(name, size, mtime));
            byte[] buffer = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    throw new EOFException("entry '" + name + "' ended " + left + " bytes short");
                }
                out.write(buffer, 0, n);
                left -= n;
            }
            int pad = (int) (padded(size) - size);
            out.write(new byte[pad]);
        }

        void finish() throws IOException {
            out.write(new byte[2 * BLOCK]);
            out.flush();
        }

        private static byte[] header(String name, long size, Instant mtime) {
            byte[] nameBytes = name.getBytes(StandardCharsets.US_ASCII);
            if (nameBytes.length > 100 || size < 0 || size > MAX_ENTRY) {
                throw new IllegalArgumentException("entry '" + name + "' does not fit a ustar header");
            }
            byte[] h = new byte[BLOCK];
            System.arraycopy(nameBytes, 0, h, 0, nameBytes.length);
            octal(h, 100, 8, 0644);
            octal(h, 108, 8, 0);
            octal(h, 116, 8, 0);
            octal(h, 124, 12, size);
            octal(h, 136, 12, Math.max(0, mtime.getEpochSecond()));
            Arrays.fill(h, 148, 156, (byte) ' ');
            h[156] = '0';
            System.arraycopy("ustar\u000000".getBytes(StandardCharsets.US_ASCII), 0, h, 257, 8);
            long sum = 0;
            for (byte b : h) {
                sum += b & 0xff;
            }
            octal(h, 148, 7, sum);
            h[155] = ' ';
            return h;
        }

        /** {@code width - 1} octal digits, zero-padded, then a NUL. */
        private static void octal(byte[] h, int offset, int width, long value) {
            String digits = Long.toOctalString(value);
            int pad = width - 1 - digits.length();
            for (int i = 0; i < pad; i++) {
                h[offset + i] = '0';
            }
            byte[] d = digits.getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(d, 0, h, offset + pad, d.length);
            h[offset + width - 1] = 0;
        }
    }

    /** One entry's header as read. */
    record Header(String name, long size) {
    }

    /**
     * Reads entries one at a time. Each {@link #next} skips what is left of the previous entry and
     * its padding. Anything but a regular file with a ustar header whose checksum holds is refused
     * with {@link InvalidInputException}; an archive that ends early is refused as truncated.
     */
    static final class Reader {
        private final InputStream in;
        private long left;
        private long padding;
        private boolean truncated;

        Reader(InputStream in) {
            this.in = in;
        }

        /** The next entry's header, or null at the end-of-archive marker. */
        Header next() throws IOException {
            skip(left + padding);
            left = 0;
            padding = 0;
            byte[] h = new byte[BLOCK];
            if (!readFully(h)) {
                throw truncated("the archive ends without its end-of-archive marker");
            }
            if (allZero(h)) {
                // the end-of-archive marker is two zero blocks; one alone is an archive cut short
                if (!readFully(h) || !allZero(h)) {
                    throw truncated("the archive ends without its end-of-archive marker");
                }
                return null;
            }
            if (!checksumHolds(h)) {
                throw new InvalidInputException("the archive is not a tar archive, or a header is corrupt (bad checksum)");
            }
            String magic = new String(h, 257, 6, StandardCharsets.US_ASCII);
            if (!magic.equals("ustar\u0000")) {
                throw new InvalidInputException("the archive is not a POSIX ustar archive (only those are backups)");
            }
            byte type = h[156];
            if (type != '0' && type != 0) {
                throw new InvalidInputException("the archive holds an entry of type '" + (char) type
                        + "' (a link, folder, device or extended header): a backup holds regular files only");
            }
            String name = text(h, 0, 100);
            String prefix = text(h, 345, 155);
            if (!prefix.isEmpty()) {
                name = prefix + "/" + name;
            }
            long size = parseOctal(h, 124, 12);
            left = size;
            padding = padded(size) - size;
            return new Header(name, size);
        }

        /** The current entry's content; reading past it gives end of stream. Do not close it. */
        InputStream content() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left == 0) {
                        return -1;
                    }
                    int n;
                    try {
                        n = in.read(b, off, (int) Math.min(len, left));
                    } catch (IOException e) {
                        // the archive's own stream broke (a gzip stream cut short, a sender that hung
                        // up): the archive's fault, which whoever consumes this content cannot tell
                        // from a failure of its own
                        truncated = true;
                        throw e;
                    }
                    if (n < 0) {
                        truncated = true;
                        throw new EOFException("the archive is truncated");
                    }
                    left -= n;
                    return n;
                }
            };
        }

        /** True once the archive was found to end, or its stream to fail, in the middle of an entry. */
        boolean truncated() {
            return truncated;
        }

        private void skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            while (n > 0) {
                int r = in.read(buffer, 0, (int) Math.min(buffer.length, n));
                if (r < 0) {
                    throw truncated("the archive is truncated");
                }
                n -= r;
            }
        }

        private boolean readFully(byte[] b) throws IOException {
            int off = 0;
            while (off < b.length) {
                int n = in.read(b, off, b.length - off);
                if (n < 0) {
                    return false;
                }
                off += n;
            }
            return true;
        }

        private InvalidInputException truncated(String message) {
            truncated = true;
            return new InvalidInputException(message);
        }

        private static boolean allZero(byte[] h) {
            for (byte b : h) {
                if (b != 0) {
                    return false;
                }
            }
            return true;
        }

        private static boolean checksumHolds(byte[] h) {
            long stored;
            try {
                stored = parseOctal(h, 148, 8);
            } catch (InvalidInputException e) {
                return false;
            }
            long sum = 0;
            for (int i = 0; i < BLOCK; i++) {
                sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
            }
            return sum == stored;
        }

        private static String text(byte[] h, int offset, int width) {
            int end = offset;
            while (end < offset + width && h[end] != 0) {
                end++;
            }
            for (int i = offset; i < end; i++) {
                if (h[i] < 0x20 || h[i] > 0x7e) {
                    throw new InvalidInputException("an entry name in the archive is not printable ASCII");
                }
            }
            return new String(h, offset, end - offset, StandardCharsets.US_ASCII);
        }

        /** Octal digits, optionally space- or NUL-padded; base-256 (GNU, for huge sizes) is refused. */
        private static long parseOctal(byte[] h, int offset, int width) {
            if ((h[offset] & 0x80) != 0) {
                throw new InvalidInputException("the archive uses a GNU base-256 number (an entry over 8 GiB): "
                        + "not a backup archive");
            }
            long v = 0;
            int i = offset;
            int end = offset + width;
            while (i < end && h[i] == ' ') {
                i++;
            }
            boolean any = false;
            for (; i < end && h[i] >= '0' && h[i] <= '7'; i++) {
                v = v * 8 + (h[i] - '0');
                any = true;
            }
            for (; i < end; i++) {
                if (h[i] != ' ' && h[i] != 0) {
                    throw new InvalidInputException("a number in an archive header is malformed");
                }
            }
            if (!any) {
                throw new InvalidInputException("a number in an archive header is empty");
            }
            return v;
        }
    }

    /** Refuses a name that is absolute, climbs out, or uses a backslash or an empty segment. */
    static String safeName(String name) {
        Checks.text(name, "archive entry name", 255);
        if (name.startsWith("/") || name.indexOf('\\') >= 0) {
            throw new InvalidInputException("archive entry '" + Checks.printable(name) + "' is absolute or uses '\\'");
        }
        for (String seg : name.split("/", -1)) {
            if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
                throw new InvalidInputException("archive entry '" + Checks.printable(name)
                        + "' has an empty, '.' or '..' segment (it could climb out)");
            }
        }
        return name;
    }
}
