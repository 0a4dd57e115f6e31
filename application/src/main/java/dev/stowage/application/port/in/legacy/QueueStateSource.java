package dev.stowage.application.port.in.legacy;

import java.util.function.Consumer;

/**
 * A legacy queue state file opened for import. The file was checked as a whole when it was opened
 * (well-formed JSON, an object); its jobs are read one at a time, so no import holds the file or its
 * job list in memory.
 */
public interface QueueStateSource {

    /** The file, for messages. */
    String name();

    /**
     * Every top-level member of the file except {@code jobs}, as one JSON object text in file order
     * ({@code version}, {@code queue_settings}, the global options, and anything else written there).
     */
    String header();

    /** How many entries {@code jobs} holds; 0 when the file has no {@code jobs}. */
    int jobCount();

    /**
     * Hands each entry of {@code jobs} to {@code each}, in file order, one at a time. An entry
     * larger than the reader's limit comes as {@link LegacyEntry#unreadable}; the others follow.
     *
     * @throws dev.stowage.domain.error.InvalidInputException when the file changed since it was
     *         opened and is no longer readable; the entries handed over before stay handed over
     * @throws java.io.UncheckedIOException when reading the file fails
     */
    void forEachJob(Consumer<LegacyEntry> each);
}
