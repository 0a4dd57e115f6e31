package dev.stowage.application.port.out;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;

/**
 * Where backup archives are kept: a folder or an S3 bucket. Names are made by Stowage (letters,
 * digits, '.', '_', '-'), never by users.
 *
 * <p>An archive becomes visible under its name only when {@link PendingArchive#commit()} succeeds;
 * until then, and after {@link PendingArchive#abort()} or a crash, readers see nothing.
 */
public interface BackupTarget {

    /** An archive being written. */
    interface PendingArchive extends AutoCloseable {
        /** The stream to write the archive to. Do not close it; commit or abort instead. */
        OutputStream stream();

        /** Makes the archive durable and visible under its name. */
        void commit();

        /** Discards what was written. Idempotent; a no-op after commit. */
        void abort();

        /** Aborts unless committed. */
        @Override
        void close();
    }

    /**
     * Starts writing an archive.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when an archive of that name exists
     */
    PendingArchive create(String name);

    /**
     * Opens a committed archive.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is none of that name
     */
    InputStream open(String name);

    /** The archive's size, or empty when there is none of that name. */
    Optional<Long> size(String name);

    /** @return true if deleted, false if there was none. Idempotent. */
    boolean delete(String name);

    /** Names of committed archives, sorted. */
    List<String> list();

    /** A short description for operators ({@code fs:/var/backups}, {@code s3:bucket/prefix}), no secrets. */
    String describe();
}
