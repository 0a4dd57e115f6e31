package dev.stowage.adapter.out.fs;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Reads {@code length} bytes of a file from {@code position} with positional reads, so the bytes
 * come from the file that was opened even if the key is replaced meanwhile (the rename swaps the
 * name, the open channel keeps the old file). Closing it closes the channel.
 */
final class ChannelRangeInputStream extends InputStream {
    private static final int TRANSFER_BUFFER = 64 * 1024;

    private final FileChannel channel;
    private long position;
    private long remaining;

    ChannelRangeInputStream(FileChannel channel, long position, long length) {
        this.channel = channel;
        this.position = position;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            return -1;
        }
        int want = (int) Math.min(len, remaining);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            // the header promised more bytes than the file has: it was truncated behind our back
            throw new IOException("blob file ended " + remaining + " bytes early");
        }
        position += n;
        remaining -= n;
        return n;
    }

    /**
     * Copies the rest in 64 KiB reads: callers that hand the whole blob on (the HTTP body, a
     * backup) would otherwise move it 8 KiB at a time, and at page-cache speed the per-read cost
     * is what limits a download.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        java.util.Objects.requireNonNull(out, "out");
        byte[] buf = new byte[TRANSFER_BUFFER];
        long moved = 0;
        int n;
        while ((n = read(buf, 0, buf.length)) > 0) {
            out.write(buf, 0, n);
            moved += n;
        }
        return moved;
    }

    @Override
    public long skip(long n) {
        long skipped = Math.max(0, Math.min(n, remaining));
        position += skipped;
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, remaining);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
