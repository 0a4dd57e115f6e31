package dev.stowage.testing.contract;

import dev.stowage.domain.common.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Test data for the blob contracts: deterministic pseudo-random bytes that can be generated as a
 * stream of any length (so a multi-megabyte blob never exists as one array), and streams that fail
 * or record being closed.
 */
public final class Bytes {
    private Bytes() {
    }

    /** {@code length} bytes drawn from {@code seed}; the same seed always gives the same bytes. */
    public static byte[] of(long seed, int length) {
        byte[] out = new byte[length];
        new GeneratedStream(seed, length).read(out, 0, length);
        return out;
    }

    /**
     * The same bytes as {@link #of} would give for {@code length}, generated as they are read. Reads
     * come in the sizes the caller asks for; nothing is buffered beyond one internal word.
     */
    public static InputStream stream(long seed, long length) {
        return new GeneratedStream(seed, length);
    }

    /** SHA-256 of {@code bytes}. */
    public static Sha256 sha256(byte[] bytes) {
        return Sha256.of(digest().digest(bytes));
    }

    /** SHA-256 of everything left in {@code in}, read in small chunks; closes {@code in}. */
    public static Sha256 sha256(InputStream in) {
        MessageDigest md = digest();
        try (DigestInputStream din = new DigestInputStream(in, md)) {
            byte[] buf = new byte[64 * 1024];
            while (din.read(buf) >= 0) {
                // the digest stream does the work
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Sha256.of(md.digest());
    }

    /** Everything left in {@code in}; closes {@code in}. For small blobs only. */
    public static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Counts the bytes left in {@code in} without keeping them; closes {@code in}. */
    public static long count(InputStream in) {
        try (in) {
            return in.transferTo(OutputStreamSink.INSTANCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code bytes[from..to)}. */
    public static byte[] slice(byte[] bytes, int from, int to) {
        return java.util.Arrays.copyOfRange(bytes, from, to);
    }

    /** A stream that yields {@code good} and then throws {@link IOException}, as a dropped client does. */
    public static InputStream failingAfter(byte[] good) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() throws IOException {
                if (pos >= good.length) {
                    throw new IOException("connection reset by the test");
                }
                return good[pos++] & 0xFF;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos >= good.length) {
                    throw new IOException("connection reset by the test");
                }
                int n = Math.min(len, good.length - pos);
                System.arraycopy(good, pos, b, off, n);
                pos += n;
                return n;
            }
        };
    }

    /** Wraps {@code in} so a test can see whether the code under test closed it. */
    public static CloseRecordingStream recordingClose(InputStream in) {
        return new CloseRecordingStream(in);
    }

    /** An input stream that remembers whether it was closed. */
    public static final class CloseRecordingStream extends java.io.FilterInputStream {
        private final AtomicBoolean closed = new AtomicBoolean();

        CloseRecordingStream(InputStream in) {
            super(in);
        }

        @Override
        public void close() throws IOException {
            closed.set(true);
            super.close();
        }

        public boolean closed() {
            return closed.get();
        }
    }

    private static MessageDigest digest() {
        return Sha256.newDigest();
    }

    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    /** Pseudo-random bytes, eight per {@code nextLong()}, least significant byte first. */
    private static final class GeneratedStream extends InputStream {
        private final SplittableRandom random;
        private long remaining;
        private long word;
        private int wordLeft;

        GeneratedStream(long seed, long length) {
            this.random = new SplittableRandom(seed);
            this.remaining = length;
        }

        @Override
        public int read() {
            if (remaining <= 0) {
                return -1;
            }
            return nextByte() & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (remaining <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, remaining);
            for (int i = 0; i < n; i++) {
                b[off + i] = nextByte();
            }
            return n;
        }

        private byte nextByte() {
            if (wordLeft == 0) {
                word = random.nextLong();
                wordLeft = 8;
            }
            byte v = (byte) word;
            word >>>= 8;
            wordLeft--;
            remaining--;
            return v;
        }
    }
}
