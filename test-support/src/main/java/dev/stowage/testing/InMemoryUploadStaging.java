package dev.stowage.testing;

import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.TooLargeException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link UploadStaging} in memory, for tests. Thread-safe: appends to one upload are serialised.
 * Holds staged bytes in memory; otherwise it behaves as the file-backed staging does.
 */
public final class InMemoryUploadStaging implements UploadStaging {

    private final ConcurrentHashMap<UploadId, byte[]> uploads = new ConcurrentHashMap<>();

    @Override
    public void create(UploadId id) {
        uploads.putIfAbsent(Objects.requireNonNull(id, "id"), new byte[0]);
    }

    @Override
    public long append(UploadId id, long offset, InputStream data, long maxBytes) {
        Objects.requireNonNull(data, "data");
        byte[][] result = new byte[1][];
        TooLargeException[] refused = new TooLargeException[1];
        // compute() holds the entry's lock, so two appends to one upload cannot interleave
        uploads.compute(id, (k, current) -> {
            if (current == null) {
                throw NotFoundException.of("upload", id);
            }
            if (offset > current.length) {
                throw new ConflictException("upload '" + id + "' has " + current.length
                        + " bytes; a chunk cannot start at " + offset);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(current, 0, (int) offset);
            byte[] chunk = new byte[8192];
            long received = 0;
            try {
                int n;
                while ((n = data.read(chunk)) >= 0) {
                    received += n;
                    if (received > maxBytes) {
                        // the chunk is refused and the upload ends at offset, as on disk
                        refused[0] = new TooLargeException("chunk of upload '" + id + "'", maxBytes);
                        result[0] = Arrays.copyOf(current, (int) offset);
                        return result[0];
                    }
                    out.write(chunk, 0, n);
                }
            } catch (IOException e) {
                // the client went away: keep what arrived, as a resumable upload must
            }
            result[0] = out.toByteArray();
            return result[0];
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        return result[0].length;
    }

    @Override
    public long length(UploadId id) {
        byte[] bytes = uploads.get(id);
        return bytes == null ? 0 : bytes.length;
    }

    @Override
    public InputStream open(UploadId id) {
        byte[] bytes = uploads.get(id);
        if (bytes == null) {
            throw NotFoundException.of("upload", id);
        }
        return new ByteArrayInputStream(bytes);
    }

    @Override
    public boolean delete(UploadId id) {
        return uploads.remove(id) != null;
    }
}
