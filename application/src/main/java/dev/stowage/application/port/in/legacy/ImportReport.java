package dev.stowage.application.port.in.legacy;

import dev.stowage.domain.error.ErrorCode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What an import did, or with {@code dryRun} would do.
 *
 * @param entries      entries found in the file
 * @param created      entries stored (or that would be)
 * @param existing     entries already imported by an earlier run, left as they are
 * @param problems     entries that could not be imported, with their index in the file and why
 * @param fileProblems problems outside the entries (a bad queue setting, global options that are not
 *                     an object): what was kept instead is said in each; the entries still come in
 * @param notes        other facts worth telling (settings applied, templates saved, ...)
 * @param stoppedBy    why the import stopped before the end of the file (the file changed while it
 *                     was read, storage failed); the entries before that point stay imported
 * @param stopCode     the code of the error that stopped the import: {@code INVALID_INPUT} when the
 *                     file stopped being readable, a {@code STORAGE_*} code when the storage failed;
 *                     empty when the import ran to the end, or when an I/O error outside the stores
 *                     stopped it (reading the file, a temporary file). A protocol adapter answers by it
 *                     and words storage failures for its client (their messages may name files)
 */
public record ImportReport(boolean dryRun, int entries, int created, int existing, List<Problem> problems,
                           List<String> fileProblems, List<String> notes, Optional<String> stoppedBy,
                           Optional<ErrorCode> stopCode) {
    public ImportReport {
        problems = List.copyOf(problems);
        fileProblems = List.copyOf(fileProblems);
        notes = List.copyOf(notes);
        Objects.requireNonNull(stoppedBy, "stoppedBy");
        Objects.requireNonNull(stopCode, "stopCode");
        if (stoppedBy.isEmpty() && stopCode.isPresent()) {
            throw new IllegalArgumentException("a stop code without a stop");
        }
    }

    /** A report with no file problems that ran to the end. */
    public ImportReport(boolean dryRun, int entries, int created, int existing, List<Problem> problems,
                        List<String> notes) {
        this(dryRun, entries, created, existing, problems, List.of(), notes, Optional.empty(), Optional.empty());
    }

    /**
     * @param index the entry's position in the file (0-based)
     * @param id    the entry's own id when it had a readable one
     * @param code  the code of the error behind the problem: {@code INVALID_INPUT} for what the file
     *              holds, another code when a check refused the entry (a taken name, an image over a
     *              limit), a {@code STORAGE_*} code when the stores failed it (the reason may then name
     *              files, which a protocol adapter keeps from its clients)
     */
    public record Problem(int index, String id, String reason, ErrorCode code) {
        public Problem {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(code, "code");
        }

        /** A problem with what the file holds ({@code INVALID_INPUT}). */
        public Problem(int index, String id, String reason) {
            this(index, id, reason, ErrorCode.INVALID_INPUT);
        }
    }

    /** True when every entry came in (or already was), nothing in the file was set aside and the import ran to the end. */
    public boolean clean() {
        return problems.isEmpty() && fileProblems.isEmpty() && stoppedBy.isEmpty();
    }
}
