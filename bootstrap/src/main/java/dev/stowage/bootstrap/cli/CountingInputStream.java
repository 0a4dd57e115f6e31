package dev.stowage.bootstrap.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.LongConsumer;

/**
 * Passes bytes through unchanged and tells a listener how many went by, so that a stream handed to
 * a use case can drive a progress bar without the command ever holding the bytes itself.
 */
final class CountingInputStream extends FilterInputStream {
    private final LongConsumer onBytes;
    private long count;

    /** @param onBytes told the number of bytes of each read */
    CountingInputStream(InputStream in, LongConsumer onBytes) {
        super(Objects.requireNonNull(in, "in"));
        this.onBytes = Objects.requireNonNull(onBytes, "onBytes");
    }

    long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        if (skipped > 0) {
            counted(skipped);
        }
        return skipped;
    }

    // Marks would let bytes be counted twice after a reset; no reader here needs them.
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported, see markSupported
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void counted(long n) {
        count += n;
        onBytes.accept(n);
    }
}
