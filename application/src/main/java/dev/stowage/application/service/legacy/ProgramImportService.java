package dev.stowage.application.service.legacy;

import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.ImportReport.Problem;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.port.in.legacy.LegacyProgram;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.application.port.in.program.ProgramImport;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports the legacy app's localStorage export of programs through the program service, so each
 * image is checked and thumbnailed like any upload and each program is made the one way programs
 * are made. The export comes from {@link LegacyFiles#readPrograms}, one entry and one decoded image
 * (in a temporary file) at a time; the import keeps one small record per entry for the duplicate
 * check and the verification at the end, never an image.
 */
public final class ProgramImportService implements ImportProgramsUseCase {
    private final LegacyFiles files;
    private final ManageProgramsUseCase programs;

    public ProgramImportService(LegacyFiles files, ManageProgramsUseCase programs) {
        this.files = Objects.requireNonNull(files, "files");
        this.programs = Objects.requireNonNull(programs, "programs");
    }

    @Override
    public ImportReport importPrograms(Actor actor, InputStream export, boolean dryRun, ImportProgress progress) {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(progress, "progress");
        actor.requireAdmin("importing programs");
        var run = new Run(actor, dryRun, progress);
        Optional<String> stoppedBy = Optional.empty();
        Optional<ErrorCode> stopCode = Optional.empty();
        try {
            files.readPrograms(export, run::entry);
        } catch (InvalidInputException e) {
            if (run.seen == 0) {
                // not an export at all (empty, not JSON, not an array): nothing was read, nothing imported
                throw e;
            }
            stoppedBy = Optional.of(stop(run, e.getMessage()));
            stopCode = Optional.of(e.code());
        } catch (UncheckedIOException | StorageException e) {
            // Programs imported before stay imported: each is whole, and a re-run finds them by their refs.
            stoppedBy = Optional.of(stop(run, messageOf(e)));
            stopCode = e instanceof StorageException se ? Optional.of(se.code()) : Optional.empty();
        }
        var notes = new ArrayList<String>();
        if (!dryRun) {
            int verified = run.verify();
            notes.add("verification: " + verified + " of " + run.stored.size()
                    + " imported images read back with the SHA-256 of their data URL");
        }
        return new ImportReport(dryRun, run.seen, run.created, run.existing, run.problems, List.of(), notes,
                stoppedBy, stopCode);
    }

    private static String stop(Run run, String why) {
        return (run.seen == 0 ? "stopped before the first entry: " : "stopped after entry #" + (run.seen - 1) + ": ") + why
                + (run.dryRun ? "" : "; the " + run.created + " programs before were imported");
    }

    private static String messageOf(RuntimeException e) {
        return e instanceof UncheckedIOException io && io.getCause() != null ? "cannot read the export: "
                + io.getCause().getMessage() : e.getMessage();
    }

    /** An image this run stored, to read back at the end. */
    private record Stored(int index, String id, ProgramId program, String sha256) {
    }

    /** The state of one import while its entries stream by. */
    private final class Run {
        private final Actor actor;
        private final boolean dryRun;
        private final ImportProgress progress;
        /** Every id seen in this export and the entry that had it first. */
        private final Map<String, Integer> byId = new HashMap<>();
        private final List<Problem> problems = new ArrayList<>();
        private final List<Stored> stored = new ArrayList<>();
        int seen;
        int created;
        int existing;

        Run(Actor actor, boolean dryRun, ImportProgress progress) {
            this.actor = actor;
            this.dryRun = dryRun;
            this.progress = progress;
        }

        void entry(LegacyProgram entry) {
            seen = entry.index() + 1;
            String id = entry.id().orElse("");
            try {
                ProgramImport program = programOf(entry);
                Integer first = byId.putIfAbsent(id, entry.index());
                if (first != null) {
                    throw new InvalidInputException("duplicate id: entry #" + first + " has it too; this entry is "
                            + "not imported");
                }
                ProgramImport.Outcome outcome = programs.importProgram(actor, program, dryRun);
                if (!outcome.created()) {
                    existing++;
                } else {
                    created++;
                    if (!dryRun) {
                        entry.image().ifPresent(image -> stored.add(new Stored(entry.index(), id,
                                outcome.program().id(), image.sha256())));
                    }
                }
            } catch (StorageException e) {
                // the storage failing is not this entry's fault; the next would fail the same way
                throw e;
            } catch (StowageException e) {
                problems.add(new Problem(entry.index(), id, e.getMessage(), e.code()));
            }
            progress.update(seen, seen);
        }

        private ProgramImport programOf(LegacyProgram entry) {
            if (!entry.problems().isEmpty()) {
                throw new InvalidInputException(String.join("; ", entry.problems()));
            }
            String where = "programs[" + entry.index() + "]";
            Fields f = Fields.of(Json.parse(entry.fields().orElseThrow(
                    () -> new InvalidInputException(where + " is not a JSON object"))), where);
            String id = f.requiredString("id");
            if (id.isBlank()) {
                throw new InvalidInputException(where + ": id must not be empty");
            }
            var name = new ProgramName(f.requiredString("name"));
            String description = f.optionalString("description").orElse("");
            Instant createdAt = f.optionalInstant("createdAt").orElseThrow(
                    () -> new InvalidInputException(where + ": createdAt is missing"));
            Instant updatedAt = f.optionalInstant("updatedAt").orElse(createdAt);
            boolean active = f.optionalBoolean("active").orElse(true);
            JsonText config = new JsonText(entry.config().orElseThrow(
                    () -> new InvalidInputException(where + ": config is missing")));
            return new ProgramImport(new ProgramDraft(name, description, config, 0, active), id, createdAt,
                    updatedAt, entry.image().map(image -> image::open));
        }

        /** Reads every image this run stored back from the blob store; a mismatch is the entry's problem. */
        int verify() {
            int verified = 0;
            for (Stored s : stored) {
                try {
                    String actual = digestOf(s.program);
                    if (actual.equals(s.sha256)) {
                        verified++;
                    } else {
                        problems.add(new Problem(s.index, s.id, "verification failed: the stored image's SHA-256 is "
                                + actual + ", the data URL's " + s.sha256, ErrorCode.STORAGE_CORRUPT));
                    }
                } catch (StowageException | UncheckedIOException e) {
                    problems.add(new Problem(s.index, s.id, "verification failed: cannot read the stored image back: "
                            + messageOf(e), e instanceof StowageException se ? se.code() : ErrorCode.STORAGE_UNAVAILABLE));
                }
            }
            return verified;
        }
    }

    private String digestOf(ProgramId program) {
        MessageDigest sha = Sha256.newDigest();
        var content = programs.openImage(program, Optional.empty());
        try (InputStream in = new DigestInputStream(content.data(), sha)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(sha.digest());
    }
}
