package dev.stowage.application.port.in.legacy;

import dev.stowage.domain.common.Actor;
import java.io.InputStream;

/**
 * Use case: bring in the legacy app's localStorage export of programs (a JSON array of programs,
 * each with its master image as a base64 data URL in {@code config.masterImage}).
 *
 * <p>Each entry becomes a program at version 1: its {@code config} as written except
 * {@code masterImage}, whose decoded bytes become the program's image (checked and thumbnailed like
 * any upload); its {@code id} becomes the program's external ref; {@code createdAt},
 * {@code updatedAt} and {@code active} are kept. An entry whose id was imported before is left as it
 * is, so a re-run creates nothing new. A bad entry (not an object, a missing or mistyped field, a bad
 * name, a data URL that is not base64, bytes that are not an image, a name another program has, a
 * duplicate id) is reported with its index, id and reason, and the rest still come in. At the end
 * every image this run stored is read back from the blob store and its SHA-256 compared with the
 * decoded data URL's. The export is read once, as a stream: neither it nor one image is held whole.
 */
public interface ImportProgramsUseCase {

    /**
     * @param actor    who imports (an administrator); recorded as the maker of each program
     * @param export   the export's bytes (UTF-8 JSON); read to the end, not closed
     * @param dryRun   check every entry and decode every image, write nothing
     * @param progress told after each entry; its total is the number of entries read so far, as an
     *                 export is not counted before it is read
     * @return the report; {@link ImportReport#stoppedBy} says when the export stopped being readable
     *         JSON after its first entry or storage failed part way, with the entries before that point
     *         imported, and {@link ImportReport#stopCode} which of the two it was
     * @throws dev.stowage.domain.error.ForbiddenException when the actor is not an administrator;
     *         nothing is read then
     * @throws dev.stowage.domain.error.InvalidInputException when the export is not one at all: empty,
     *         not JSON, or not a JSON array, or unreadable before its first entry is whole; nothing was
     *         imported then
     */
    ImportReport importPrograms(Actor actor, InputStream export, boolean dryRun, ImportProgress progress);
}
