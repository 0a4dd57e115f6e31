package dev.stowage.application.port.out;

import java.nio.file.Path;

/** Consistent copies of the metadata database, for backup and restore. */
public interface DatabaseSnapshots {

    /**
     * Writes a consistent snapshot of the whole database to {@code target} (a new file) while
     * writers keep working: the copy is exactly the state of one committed moment.
     *
     * @return the schema version of the snapshot
     * @throws dev.stowage.domain.error.AlreadyExistsException when {@code target} exists
     */
    String snapshotTo(Path target);

    /**
     * Checks that {@code file} is a readable database of a schema version this build can migrate
     * forward, without changing it.
     *
     * @return its schema version
     * @throws dev.stowage.domain.error.InvalidInputException when it is not, or is newer than this build
     */
    String inspect(Path file);
}
