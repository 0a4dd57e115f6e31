package dev.stowage.application.port.in.legacy;

import java.util.List;
import java.util.Objects;

/**
 * What an import did, or with {@code dryRun} would do.
 *
 * @param entries  entries found in the file
 * @param created  entries stored (or that would be)
 * @param existing entries already imported by an earlier run, left as they are
 * @param problems entries that could not be imported, with their index in the file and why
 * @param notes    other facts worth telling (settings applied, templates saved, ...)
 */
public record ImportReport(boolean dryRun, int entries, int created, int existing, List<Problem> problems,
                           List<String> notes) {
    public ImportReport {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /**
     * @param index the entry's position in the file (0-based)
     * @param id    the entry's own id when it had a readable one
     */
    public record Problem(int index, String id, String reason) {
        public Problem {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(reason, "reason");
        }
    }

    public boolean clean() {
        return problems.isEmpty();
    }
}
