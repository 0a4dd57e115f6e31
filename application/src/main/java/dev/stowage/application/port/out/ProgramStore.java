package dev.stowage.application.port.out;

import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.PageRequest;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.util.Optional;

/**
 * Programs and their revisions. Images are in a {@link BlobStore}; only their keys are here.
 *
 * <p>As {@link BlobReferences}, a program store refers to the image and thumbnail of every program
 * and of every revision it keeps: a replaced image stays referenced (and so is never swept) until
 * the last revision that had it is deleted with its program.
 */
public interface ProgramStore extends BlobReferences {

    /**
     * Adds a new program (version 1).
     *
     * @throws dev.stowage.domain.error.AlreadyExistsException when the name, the id or the external ref is taken
     */
    void insert(Program program);

    Optional<Program> find(ProgramId id);

    Optional<Program> findByName(ProgramName name);

    /** The program imported under this external ref, or empty. */
    Optional<Program> findByExternalRef(String externalRef);

    /**
     * Programs matching the query, by name in Unicode code-point order, a page at a time. A page
     * holds at most {@code page.limit()} programs; its cursor continues strictly after the last
     * one's name, so a walk never repeats or skips a program that keeps its name, while one renamed
     * meanwhile shows up where its new name sorts.
     *
     * @throws dev.stowage.domain.error.InvalidInputException for a cursor this listing did not issue
     */
    Page<Program> list(ProgramQuery query, PageRequest page);

    /**
     * Replaces a program at {@code expectedVersion} with {@code changed} (stored as version
     * {@code expectedVersion + 1}) and keeps the replaced state as a {@link ProgramRevision}, in one
     * transaction. The stored program keeps its id and creation time; every other field comes from
     * {@code changed}. The revision holds the replaced image's keys too.
     *
     * @return the stored program
     * @throws dev.stowage.domain.error.NotFoundException        when it does not exist
     * @throws dev.stowage.domain.error.VersionMismatchException when it is at another version
     * @throws dev.stowage.domain.error.AlreadyExistsException   when the new name or external ref is another program's
     */
    Program update(Program changed, long expectedVersion);

    /**
     * Deletes a program and its revisions.
     *
     * @return the deleted program, or empty if there was none
     */
    Optional<Program> delete(ProgramId id);

    /**
     * The program's earlier states, newest first (highest version first). Empty for an unknown
     * program.
     *
     * @throws dev.stowage.domain.error.InvalidInputException for a cursor this listing did not issue
     */
    Page<ProgramRevision> revisions(ProgramId id, PageRequest page);

    /** One earlier state, or empty (also for the current version, which is not a revision). */
    Optional<ProgramRevision> revision(ProgramId id, long version);

}
