package dev.stowage.adapter.out.s3;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * The first bytes of a put, read ahead to learn whether the whole blob is small enough to send in
 * one request. Held in 64 KiB pieces, never copied into one array, and each piece is let go as soon
 * as it has been read again: a large put must not keep its head in memory beside the part the S3
 * client buffers (a 1 GiB upload has to work in a 64 MiB heap).
 */
final class HeadBuffer {
    private static final int PIECE = 64 * 1024;

    private final ArrayDeque<byte[]> pieces;
    private final long size;
    private final boolean complete;

    private HeadBuffer(ArrayDeque<byte[]> pieces, long size, boolean complete) {
        this.pieces = pieces;
        this.size = size;
        this.complete = complete;
    }

    /** Reads up to {@code limit} bytes, and one more to tell whether the stream ends there. */
    static HeadBuffer read(InputStream in, int limit) throws IOException {
        var pieces = new ArrayDeque<byte[]>();
        long size = 0;
        while (size < limit) {
            int want = (int) Math.min(PIECE, limit - size);
            byte[] piece = in.readNBytes(want);
            if (piece.length > 0) {
                pieces.add(piece);
                size += piece.length;
            }
            if (piece.length < want) {
                return new HeadBuffer(pieces, size, true); // readNBytes stops short only at the end
            }
        }
        int next = in.read();
        if (next < 0) {
            return new HeadBuffer(pieces, size, true);
        }
        pieces.add(new byte[] {(byte) next});
        return new HeadBuffer(pieces, size + 1, false);
    }

    /** True when the stream ended within the limit: these are all the bytes. */
    boolean complete() {
        return complete;
    }

    long size() {
        return size;
    }

    /** The buffered bytes, once; the buffer hands its pieces over and holds nothing after. */
    InputStream stream() {
        return followedBy(InputStream.nullInputStream());
    }

    /** The buffered bytes, then whatever {@code rest} still holds; once only, as {@link #stream}. */
    InputStream followedBy(InputStream rest) {
        var handed = new ArrayDeque<>(pieces);
        pieces.clear();
        return new Draining(handed, Objects.requireNonNull(rest, "rest"));
    }

    /** Reads the pieces, dropping each once read, then the rest. Closing does not close the rest. */
    private static final class Draining extends InputStream {
        private final ArrayDeque<byte[]> pieces;
        private final InputStream rest;
        private int offset;

        Draining(ArrayDeque<byte[]> pieces, InputStream rest) {
            this.pieces = pieces;
            this.rest = rest;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            byte[] piece = pieces.peekFirst();
            if (piece == null) {
                return rest.read(b, off, len);
            }
            int n = Math.min(len, piece.length - offset);
            System.arraycopy(piece, offset, b, off, n);
            offset += n;
            if (offset == piece.length) {
                pieces.pollFirst();
                offset = 0;
            }
            return n;
        }
    }
}
