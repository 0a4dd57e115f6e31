package dev.stowage.bootstrap.embed;

import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ManageProgramsUseCase.ImageContent;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.ByteRange;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.InputStream;
import java.util.Objects;
import java.util.Optional;

/**
 * The program store of an embedded Stowage: versioned JSON configs with a master image. Every change
 * is made by a signed-in {@link Actor}, at the version the caller last saw, and keeps the state it
 * replaces as a revision (see {@link ManageProgramsUseCase}).
 *
 * <p>Each method does what the use case it names does, with the same errors. The overloads that take
 * strings check each one as its value type does ({@link UserId}, {@link ProgramName},
 * {@link JsonText}), which throw {@link dev.stowage.domain.error.InvalidInputException}; a user given
 * as a string acts as that user, not as an administrator.
 */
public final class Programs {
    private final ManageProgramsUseCase programs;

    public Programs(ManageProgramsUseCase programs) {
        this.programs = Objects.requireNonNull(programs, "programs");
    }

    /**
     * Makes version 1 of a new active program, without a description or an image, its config at
     * schema version 1.
     *
     * @param config any JSON value, as text, up to {@code stowage.programs.max-config-bytes}
     * @throws dev.stowage.domain.error.InvalidInputException  when the user, the name or the config
     *         breaks its rule (nothing is stored)
     * @throws dev.stowage.domain.error.AlreadyExistsException when the name is taken
     */
    public Program create(String user, String name, String config) {
        return create(Actor.user(new UserId(user)), ProgramDraft.of(new ProgramName(name), JsonText.of(config)));
    }

    /** Makes version 1 of a new program as {@code draft} says. See {@link ManageProgramsUseCase#create}. */
    public Program create(Actor actor, ProgramDraft draft) {
        return programs.create(actor, draft);
    }

    /** @throws dev.stowage.domain.error.NotFoundException when there is none */
    public Program get(ProgramId id) {
        return programs.get(id);
    }

    /** The program of that name. @throws dev.stowage.domain.error.NotFoundException when there is none */
    public Program byName(String name) {
        return programs.getByName(new ProgramName(name));
    }

    /** Programs matching the query, by name, a page at a time. */
    public Page<Program> list(ProgramQuery query, PageRequest page) {
        return programs.list(query, page);
    }

    /** Replaces the editable fields at {@code expectedVersion}. See {@link ManageProgramsUseCase#update}. */
    public Program update(Actor actor, ProgramId id, long expectedVersion, ProgramDraft draft) {
        return programs.update(actor, id, expectedVersion, draft);
    }

    /** Sets the active flag at {@code expectedVersion}. See {@link ManageProgramsUseCase#setActive}. */
    public Program setActive(Actor actor, ProgramId id, long expectedVersion, boolean active) {
        return programs.setActive(actor, id, expectedVersion, active);
    }

    /** Deletes the program, its revisions and their images; administrators only. See {@link ManageProgramsUseCase#delete}. */
    public void delete(Actor actor, ProgramId id, long expectedVersion) {
        programs.delete(actor, id, expectedVersion);
    }

    /**
     * Streams a new master image (PNG, JPEG) in at {@code expectedVersion}, checked and thumbnailed.
     * See {@link ManageProgramsUseCase#putImage}.
     */
    public Program putImage(Actor actor, ProgramId id, long expectedVersion, InputStream image) {
        return programs.putImage(actor, id, expectedVersion, image);
    }

    /** The master image's bytes, whole or a range; the caller closes them. See {@link ManageProgramsUseCase#openImage}. */
    public ImageContent openImage(ProgramId id, Optional<ByteRange> range) {
        return programs.openImage(id, range);
    }

    /** The thumbnail (PNG); the caller closes its bytes. See {@link ManageProgramsUseCase#openThumbnail}. */
    public ImageContent openThumbnail(ProgramId id) {
        return programs.openThumbnail(id);
    }

    /** Earlier states, newest first. See {@link ManageProgramsUseCase#revisions}. */
    public Page<ProgramRevision> revisions(ProgramId id, PageRequest page) {
        return programs.revisions(id, page);
    }

    /** The program as it was at {@code version}. See {@link ManageProgramsUseCase#revision}. */
    public ProgramRevision revision(ProgramId id, long version) {
        return programs.revision(id, version);
    }

    /** What changed from one version to another. See {@link ManageProgramsUseCase#diff}. */
    public ProgramDiff diff(ProgramId id, long fromVersion, long toVersion) {
        return programs.diff(id, fromVersion, toVersion);
    }

    /** Makes an earlier version current again, as a new version. See {@link ManageProgramsUseCase#restore}. */
    public Program restore(Actor actor, ProgramId id, long version, long expectedVersion) {
        return programs.restore(actor, id, version, expectedVersion);
    }
}
