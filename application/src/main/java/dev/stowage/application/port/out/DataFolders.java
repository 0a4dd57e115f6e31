package dev.stowage.application.port.out;

import java.nio.file.Path;

/**
 * Local data folders as a restore builds and guards them: the blob folder layout, and the lock a
 * running service holds on its data folder.
 */
public interface DataFolders {

    /**
     * A blob store over the blob folder {@code root} in the layout the filesystem backend uses,
     * created if missing. For a restore that builds a data folder beside the live one.
     */
    BlobStore blobFolder(Path root);

    /**
     * Takes the data folder's lock, which {@code serve} holds for as long as it runs. Creates the
     * folder's lock file if missing (not the folder).
     *
     * @return the held lock; closing it releases it. Idempotent close.
     * @throws dev.stowage.domain.error.ConflictException when another process (or this one) holds it,
     *         with a message that says a running service is using the folder
     */
    Held lock(Path dataDir);

    /** A held data folder lock. */
    interface Held extends AutoCloseable {
        @Override
        void close();
    }
}
