package dev.stowage.adapter.out.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The first bytes of a put, read ahead to learn whether the whole blob is small enough to send in
 * one request. Held in 64 KiB pieces, never copied into one array, so looking ahead costs no more
 * memory than the bytes themselves.
 */
final class HeadBuffer {
    private static final int PIECE = 64 * 1024;

    private final List<byte[]> pieces;
    private final long size;
    private final boolean complete;

    private HeadBuffer(List<byte[]> pieces, long size, boolean complete) {
        this.pieces = pieces;
        this.size = size;
        this.complete = complete;
    }

    /** Reads up to {@code limit} bytes, and one more to tell whether the stream ends there. */
    static HeadBuffer read(InputStream in, int limit) throws IOException {
        var pieces = new ArrayList<byte[]>();
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

    /** The buffered bytes, then whatever {@code rest} still holds. */
    InputStream followedBy(InputStream rest) {
        return new SequenceInputStream(stream(), rest);
    }

    InputStream stream() {
        var streams = new ArrayList<InputStream>(pieces.size());
        for (byte[] p : pieces) {
            streams.add(new java.io.ByteArrayInputStream(p));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }
}
