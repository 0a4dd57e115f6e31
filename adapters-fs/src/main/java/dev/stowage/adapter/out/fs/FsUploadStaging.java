package dev.stowage.adapter.out.fs;

import dev.stowage.application.port.out.UploadStaging;
import dev.stowage.domain.document.UploadId;
import dev.stowage.domain.error.ConflictException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.TooLargeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * Each unfinished upload is one file {@code <id>.upload} in the staging folder. An append truncates
 * to its offset first (so a retried chunk replaces what the failed attempt left), writes at the
 * offset and fsyncs before it returns, so the length it reports survives a crash.
 */
final class FsUploadStaging implements UploadStaging {
    private static final String SUFFIX = ".upload";
    private static final int BUFFER = 64 * 1024;
    /** Appends to one upload are serialised in this process; stripes bound the lock objects. */
    private static final int LOCK_STRIPES = 64;

    private final Path dir;
    private final Object[] locks = new Object[LOCK_STRIPES];

    FsUploadStaging(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir").toAbsolutePath().normalize();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Override
    public void create(UploadId id) {
        Path file = fileOf(id);
        try {
            Files.createDirectories(dir);
            Files.createFile(file);
            FsIo.fsyncDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // idempotent: what is staged stays
        } catch (IOException e) {
            throw FsIo.failure("creating upload '" + id + "'", e);
        }
    }

    @Override
    public long append(UploadId id, long offset, InputStream data, long maxBytes) {
        Objects.requireNonNull(data, "data");
        if (offset < 0) {
            throw new ConflictException("a chunk of upload '" + id + "' cannot start at " + offset);
        }
        synchronized (lockOf(id)) {
            try (FileChannel ch = FileChannel.open(fileOf(id), StandardOpenOption.WRITE)) {
                long length = ch.size();
                if (offset > length) {
                    throw new ConflictException("upload '" + id + "' has " + length
                            + " bytes; a chunk cannot start at " + offset);
                }
                if (offset < length) {
                    ch.truncate(offset);
                }
                long written;
                try {
                    written = write(id, ch, offset, data, maxBytes);
                } catch (RuntimeException | IOException e) {
                    // the chunk is refused as a whole (too large, or its reader refused it as
                    // malformed), so the upload ends where it started
                    rollBack(ch, offset, e);
                    throw e;
                }
                ch.force(true);
                return offset + written;
            } catch (NoSuchFileException e) {
                throw NotFoundException.of("upload", id);
            } catch (IOException e) {
                throw FsIo.failure("appending to upload '" + id + "'", e);
            }
        }
    }

    /** Writes until {@code data} ends or fails; a failing client keeps what it sent. */
    private static long write(UploadId id, FileChannel ch, long offset, InputStream data, long maxBytes)
            throws IOException {
        byte[] buf = new byte[BUFFER];
        ByteBuffer view = ByteBuffer.wrap(buf);
        long received = 0;
        while (true) {
            int n;
            try {
                n = data.read(buf);
            } catch (IOException clientGone) {
                return received;
            }
            if (n < 0) {
                return received;
            }
            if (received + n > maxBytes) {
                throw new TooLargeException("chunk of upload '" + id + "'", maxBytes);
            }
            view.clear().limit(n);
            long position = offset + received;
            while (view.hasRemaining()) {
                position += ch.write(view, position);
            }
            received += n;
        }
    }

    private static void rollBack(FileChannel ch, long offset, Exception cause) {
        try {
            ch.truncate(offset);
            ch.force(true);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public long length(UploadId id) {
        try {
            return Files.size(fileOf(id));
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw FsIo.failure("reading upload '" + id + "'", e);
        }
    }

    @Override
    public InputStream open(UploadId id) {
        try {
            return Files.newInputStream(fileOf(id));
        } catch (NoSuchFileException e) {
            throw NotFoundException.of("upload", id);
        } catch (IOException e) {
            throw FsIo.failure("reading upload '" + id + "'", e);
        }
    }

    @Override
    public boolean delete(UploadId id) {
        synchronized (lockOf(id)) {
            try {
                return Files.deleteIfExists(fileOf(id));
            } catch (IOException e) {
                throw FsIo.failure("deleting upload '" + id + "'", e);
            }
        }
    }

    private Path fileOf(UploadId id) {
        return FsIo.within(dir, id.value() + SUFFIX);
    }

    private Object lockOf(UploadId id) {
        return locks[Math.floorMod(id.value().hashCode(), LOCK_STRIPES)];
    }
}
