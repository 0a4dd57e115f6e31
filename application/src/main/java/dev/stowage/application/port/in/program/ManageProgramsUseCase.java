package dev.stowage.application.port.in.program;

import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.InputStream;

/** Use case: keep programs — versioned configs with a master image. */
public interface ManageProgramsUseCase {

    /**
     * @throws dev.stowage.domain.error.AlreadyExistsException when the name is taken
     * @throws dev.stowage.domain.error.TooLargeException      when the config is over the limit
     */
    Program create(ProgramDraft draft);

    /** @throws dev.stowage.domain.error.NotFoundException when there is none */
    Program get(ProgramId id);

    Page<Program> list(ProgramQuery query, PageRequest page);

    /**
     * Replaces the editable fields when at {@code expectedVersion}; the previous state is kept as a
     * revision.
     *
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     */
    Program update(ProgramId id, long expectedVersion, ProgramDraft draft);

    /** Sets the active flag (a change like any other: new version, revision kept). */
    Program setActive(ProgramId id, long expectedVersion, boolean active);

    /** Deletes the program, its revisions and its image blobs. */
    void delete(ProgramId id);

    /**
     * Streams a new master image (never base64 in the database), checks that it is an image, reads
     * its dimensions and makes a thumbnail. The old image's blobs are removed after the switch.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the bytes are not a readable image
     */
    Program putImage(ProgramId id, long expectedVersion, MimeType mimeType, InputStream image);

    /** The master image's bytes. @throws dev.stowage.domain.error.NotFoundException when there is none */
    InputStream openImage(ProgramId id);

    /** The thumbnail (PNG). @throws dev.stowage.domain.error.NotFoundException when there is none */
    InputStream openThumbnail(ProgramId id);

    /** Earlier states, newest first. */
    Page<ProgramRevision> revisions(ProgramId id, PageRequest page);

    /**
     * Makes an earlier revision's config, name and description current again (as a new version).
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such revision
     */
    Program restore(ProgramId id, long revision, long expectedVersion);
}
