package dev.stowage.application.service.backup;

import dev.stowage.domain.common.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

/** SHA-256 over streams and files, with the byte count. */
final class Digests {
    private static final int BUFFER = 128 * 1024;

    /** Bytes that are not what their digest or size says: a corrupt or cut object. */
    static final class Mismatch extends IOException {
        Mismatch(String message) {
            super(message);
        }
    }

    /** A digest and the number of bytes it covers. */
    record Digested(Sha256 sha256, long size) {
    }

    private Digests() {
    }

    static MessageDigest sha256() {
        return Sha256.newDigest();
    }

    static Sha256 of(byte[] bytes) {
        return Sha256.of(sha256().digest(bytes));
    }

    /** Reads {@code in} to its end, copying to {@code out} when it is not null. Closes neither. */
    static Digested copy(InputStream in, OutputStream out) throws IOException {
        return copy(in, out, null);
    }

    /**
     * Reads {@code in} to its end, copying to {@code out} and feeding {@code also} (a digest over
     * more than this stream) when they are not null. Closes neither stream.
     */
    static Digested copy(InputStream in, OutputStream out, MessageDigest also) throws IOException {
        MessageDigest md = sha256();
        byte[] buffer = new byte[BUFFER];
        long count = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            md.update(buffer, 0, n);
            if (also != null) {
                also.update(buffer, 0, n);
            }
            if (out != null) {
                out.write(buffer, 0, n);
            }
            count += n;
        }
        return new Digested(Sha256.of(md.digest()), count);
    }

    /** Copies {@code in} to its end into {@code out}, in large reads; closes neither. */
    static long transfer(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        long count = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            out.write(buffer, 0, n);
            count += n;
        }
        return count;
    }

    static Digested of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, null);
        }
    }

    /**
     * A stream over {@code in} that fails with a {@link Mismatch} on the read that completes
     * {@code size} bytes if they do not have digest {@code sha256}, so a corrupt object is never
     * passed on as good. Closing it closes {@code in}.
     */
    static InputStream checked(InputStream in, Sha256 sha256, long size, String what) {
        return new InputStream() {
            private final MessageDigest md = sha256();
            private long count;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, len);
                if (n > 0) {
                    md.update(b, off, n);
                    count += n;
                    if (count > size) {
                        throw new Mismatch(what + " is longer than its " + size + " bytes");
                    }
                    if (count == size && !Sha256.of(md.digest()).equals(sha256)) {
                        throw new Mismatch(what + " does not have its SHA-256 " + sha256 + ": it is corrupt");
                    }
                } else if (n < 0 && count < size) {
                    throw new Mismatch(what + " ended after " + count + " of its " + size + " bytes");
                }
                return n;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }
}
