package dev.stowage.adapter.out.sqlite.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The page numbers a write-ahead log holds, read from its frame headers (SQLite's WAL format: a
 * 32-byte header whose bytes 16 to 23 are two salts, then frames of a 24-byte header, whose first
 * four bytes are the page number and bytes 8 to 15 the salts, followed by the page).
 *
 * <p>A frame belongs to the current log when its salts are the header's; the first frame whose salts
 * differ ends the log (SQLite writes frames in order, and a restarted log gets new salts, so what lies
 * past it is left from an earlier generation). Checksums are not checked: a frame that a crash tore is
 * counted too, since counting a page too many is harmless and one too few is not.
 */
final class WalFrames {
    static final int HEADER_BYTES = 32;
    static final int FRAME_HEADER_BYTES = 24;
    private static final int MAGIC_LE = 0x377f0682;
    private static final int MAGIC_BE = 0x377f0683;

    private WalFrames() {
    }

    /**
     * Where a scan of one log generation may resume: its salts, and the index (0-based) of the first
     * frame to read again. Frames before it are known to the caller.
     */
    record Position(long salts, long frame) {
        static final Position START = new Position(0, 0);
    }

    /**
     * What one scan found.
     *
     * @param salts    the generation's salts (both, as one number), 0 for no log
     * @param pageSize the page size the log names, 0 for no log
     * @param first    the index of the first frame read
     * @param frames   the index past the last frame of the generation read
     * @param pages    the page numbers (1-based, as SQLite numbers them) of frames {@code first} to {@code frames - 1}
     */
    record Scan(long salts, int pageSize, long first, long frames, int[] pages) {
        /** Where the next scan resumes, given that frames before {@code folded} are in the database file. */
        Position resumeAt(long folded) {
            return new Position(salts, Math.max(0, Math.min(frames, folded)));
        }
    }

    /** Reads the frames of {@code wal} from {@code from} on (from the first, when the log is another generation). */
    static Scan scan(Path wal, Position from) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(wal, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            return new Scan(0, 0, 0, 0, new int[0]);
        }
        try (ch) {
            return scan(ch, from);
        }
    }

    static Scan scan(FileChannel ch, Position from) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        if (!readFully(ch, header, 0)) {
            return new Scan(0, 0, 0, 0, new int[0]);
        }
        header.order(ByteOrder.BIG_ENDIAN).flip();
        int magic = header.getInt(0);
        int pageSize = header.getInt(8);
        if (magic != MAGIC_LE && magic != MAGIC_BE) {
            return new Scan(0, 0, 0, 0, new int[0]);
        }
        if (pageSize < 512 || pageSize > 65536 || Integer.bitCount(pageSize) != 1) {
            throw new IOException("the write-ahead log names a page size of " + pageSize);
        }
        long salts = header.getLong(16);
        long first = from.salts() == salts ? from.frame() : 0;
        long stride = (long) FRAME_HEADER_BYTES + pageSize;
        int[] pages = new int[64];
        int n = 0;
        ByteBuffer frame = ByteBuffer.allocate(FRAME_HEADER_BYTES).order(ByteOrder.BIG_ENDIAN);
        long index = first;
        while (true) {
            frame.clear();
            if (!readFully(ch, frame, HEADER_BYTES + index * stride)) {
                break;
            }
            if (frame.getLong(8) != salts) {
                break;
            }
            if (n == pages.length) {
                pages = Arrays.copyOf(pages, n * 2);
            }
            pages[n++] = frame.getInt(0);
            index++;
        }
        return new Scan(salts, pageSize, first, index, Arrays.copyOf(pages, n));
    }

    /** Fills {@code buffer} from {@code position}; false when the file ends first. */
    private static boolean readFully(FileChannel ch, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            if (ch.read(buffer, position + buffer.position()) < 0) {
                return false;
            }
        }
        return true;
    }
}
