package dev.stowage.adapter.out.fs;

import dev.stowage.domain.blob.BlobInfo;
import dev.stowage.domain.blob.BlobKey;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.StorageCorruptException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.time.Instant;
import java.util.Arrays;

/**
 * The fixed header at the start of every blob file: magic, data length, time stored, SHA-256.
 *
 * <p>The digest must travel with the bytes. Extended attributes are not available on every file
 * system (older tmpfs, some container overlays), and a side file could not be swapped together
 * with its blob in one atomic rename. So the digest lives in the same file, in a header written
 * last, once the data is complete; the data itself follows unchanged.
 */
final class BlobHeader {
    static final int SIZE = 56;
    private static final byte[] MAGIC = {'S', 'T', 'O', 'W', 'B', 'L', 'B', '1'};

    private BlobHeader() {
    }

    static ByteBuffer encode(long length, Instant storedAt, Sha256 sha) {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        b.put(MAGIC).putLong(length).putLong(storedAt.toEpochMilli()).put(sha.bytes());
        return b.flip();
    }

    /** Reads and checks the header of an open blob file. */
    static BlobInfo read(FileChannel ch, BlobKey key) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(SIZE);
        while (b.hasRemaining()) {
            if (ch.read(b, b.position()) < 0) {
                throw corrupt(key, "is shorter than its header");
            }
        }
        b.flip();
        byte[] magic = new byte[MAGIC.length];
        b.get(magic);
        if (!Arrays.equals(magic, MAGIC)) {
            throw corrupt(key, "does not start with the blob header");
        }
        long length = b.getLong();
        Instant storedAt = Instant.ofEpochMilli(b.getLong());
        byte[] sha = new byte[32];
        b.get(sha);
        if (length < 0 || ch.size() != SIZE + length) {
            throw corrupt(key, "holds " + (ch.size() - SIZE) + " bytes of data but its header says " + length);
        }
        return new BlobInfo(key, length, Sha256.of(sha), storedAt);
    }

    private static StorageCorruptException corrupt(BlobKey key, String what) {
        return new StorageCorruptException("the file of blob '" + key + "' " + what, null);
    }
}
