package dev.stowage.application.port.in.program;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * Use case: keep programs — versioned configs with a master image.
 *
 * <p>Every change needs a signed-in actor (else {@link dev.stowage.domain.error.UnauthenticatedException}),
 * takes the version the caller last saw (else {@link dev.stowage.domain.error.VersionMismatchException},
 * and nothing changes), makes the next version, keeps the replaced state as a revision and records
 * who made the change and when. An unknown program is {@link dev.stowage.domain.error.NotFoundException}.
 */
public interface ManageProgramsUseCase {

    /**
     * A stored image's bytes.
     *
     * @param range the part served, clipped to the image; empty for the whole image
     */
    record ImageContent(Program program, ProgramImage image, InputStream data, Optional<ByteRange> range) {
        public ImageContent {
            Objects.requireNonNull(program, "program");
            Objects.requireNonNull(image, "image");
            Objects.requireNonNull(data, "data");
            Objects.requireNonNull(range, "range");
        }
    }

    /**
     * Makes version 1 of a new program, without an image.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when the name is taken
     * @throws dev.stowage.domain.error.TooLargeException      when the config is over the limit
     */
    Program create(Actor actor, ProgramDraft draft);

    /**
     * Brings in a program from another system as version 1 with the given times, its image checked
     * and thumbnailed as {@link #putImage} does, all recorded as made by the actor. When a program
     * with the same external ref is already there, it is returned as it is and nothing is written,
     * so importing the same program twice makes one. With {@code dryRun} everything is checked (the
     * name, the config's size, the image's bytes) and nothing is written.
     *
     * @throws dev.stowage.domain.error.ForbiddenException     when the actor is not an administrator
     * @throws dev.stowage.domain.error.AlreadyExistsException when the name is another program's
     * @throws dev.stowage.domain.error.TooLargeException      when the config or the image is over its limit
     * @throws dev.stowage.domain.error.InvalidInputException  when the image is not a readable image
     */
    ProgramImport.Outcome importProgram(Actor actor, ProgramImport program, boolean dryRun);

    Program get(ProgramId id);

    Program getByName(ProgramName name);

    /** Programs matching the query, by name, a page at a time. */
    Page<Program> list(ProgramQuery query, PageRequest page);

    /**
     * Replaces the editable fields; the image stays.
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when the new name is another program's
     * @throws dev.stowage.domain.error.TooLargeException      when the config is over the limit
     */
    Program update(Actor actor, ProgramId id, long expectedVersion, ProgramDraft draft);

    /** Sets the active flag (a change like any other: new version, revision kept). */
    Program setActive(Actor actor, ProgramId id, long expectedVersion, boolean active);

    /**
     * Deletes the program, its revisions and every image blob they refer to. The rows go first, then
     * the blobs: a crash in between leaves unreferenced blobs for the sweeper, never a program
     * pointing at a missing blob.
     *
     * @throws dev.stowage.domain.error.ForbiddenException when the actor is not an administrator
     */
    void delete(Actor actor, ProgramId id, long expectedVersion);

    /**
     * Streams a new master image into the blob store, checks that it is a whole, readable image
     * (PNG, JPEG, or WebP where the runtime reads it), reads its dimensions from the header and
     * makes a PNG thumbnail. The MIME type is the one the image's own header says. The previous image
     * stays with the revision that still refers to it. On any failure no program refers to the new
     * bytes and they are deleted.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the bytes are not a readable image
     *         (another format, truncated, corrupt)
     * @throws dev.stowage.domain.error.TooLargeException     when the image has more bytes or pixels than the limits
     */
    Program putImage(Actor actor, ProgramId id, long expectedVersion, InputStream image);

    /**
     * The master image's bytes, or the part in {@code range}; the caller closes the stream.
     *
     * @throws dev.stowage.domain.error.NotFoundException     when the program has no image
     * @throws dev.stowage.domain.error.InvalidInputException when the range starts past the end
     */
    ImageContent openImage(ProgramId id, Optional<ByteRange> range);

    /** The thumbnail (PNG). @throws dev.stowage.domain.error.NotFoundException when there is none */
    ImageContent openThumbnail(ProgramId id);

    /** Earlier states, newest first (the current version is not among them). */
    Page<ProgramRevision> revisions(ProgramId id, PageRequest page);

    /**
     * The program as it was at {@code version}; the current version is answered too.
     *
     * @throws dev.stowage.domain.error.NotFoundException when there is no such version
     */
    ProgramRevision revision(ProgramId id, long version);

    /**
     * What changed from one version to another (either may be the current one, either may be older).
     *
     * @throws dev.stowage.domain.error.NotFoundException when either version does not exist
     */
    ProgramDiff diff(ProgramId id, long fromVersion, long toVersion);

    /**
     * Makes an earlier version's name, description, config and image current again, as a new version
     * (the active flag stays as it is: it is switched on its own).
     *
     * @throws dev.stowage.domain.error.NotFoundException      when there is no such version
     * @throws dev.stowage.domain.error.AlreadyExistsException when its name is now another program's
     */
    Program restore(Actor actor, ProgramId id, long version, long expectedVersion);
}
