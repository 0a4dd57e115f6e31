package dev.stowage.application.port.in.legacy;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the legacy app's files as streams, entry by entry, for the imports: the queue state file
 * and the localStorage export of programs. Implemented by the legacy file adapter; the files are
 * only ever read.
 */
public interface LegacyFiles {

    /**
     * Opens a queue state file: reads it once through to check that it is one well-formed JSON
     * object and to count its jobs, keeping only the members other than {@code jobs}.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the file as a whole is unreadable
     *         (not JSON, not an object, {@code jobs} not an array, top-level members other than
     *         {@code jobs} over the entry limit), with the line and column
     * @throws java.io.UncheckedIOException when the file cannot be read (missing, a folder, no access)
     */
    QueueStateSource queueState(Path file);

    /**
     * Reads a localStorage export of programs (a JSON array of program objects) from {@code export}
     * in one pass and hands each entry to {@code each}, in file order. Each entry's master image
     * (a {@code data:<mime>;base64,...} URL in {@code config.masterImage}) is decoded as a stream
     * into a temporary file, never held whole; the entry and its image are valid only during the
     * call of {@code each}, after which the temporary file is deleted. A bad entry (not an object,
     * over the entry limit, an image that is not a base64 data URL) is handed over with its problem;
     * the entries after it follow.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the export stops being readable
     *         JSON, or is not an array; the entries before that point were handed over
     * @throws java.io.UncheckedIOException when reading fails
     */
    void readPrograms(InputStream export, Consumer<LegacyProgram> each);
}
