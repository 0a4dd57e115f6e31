package dev.stowage.bootstrap.cli;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.legacy.ImportProgramsUseCase;
import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.LegacyFiles;
import dev.stowage.application.port.in.legacy.QueueStateSource;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage import}: bring in the legacy app's files. The files are only ever read. */
@Command(name = "import", description = {"Import the legacy app's files: its queue state file, its saved templates and "
    + "its localStorage export of programs.",
    "The files are only read, never changed. Re-importing the same file adds nothing new."},
        subcommands = {ImportCommand.QueueState.class, ImportCommand.Template.class, ImportCommand.Programs.class})
final class ImportCommand extends CommandGroup {
    static final String EXIT_CODES = "Exit codes: 0 every entry was imported (or already was); 1 some entries or "
            + "settings had problems (each is listed, the rest was imported), the import stopped part way, or the "
            + "file as a whole is unreadable; 2 bad usage. With --json the report is printed in every case.";
    /** A template is one small object; anything much larger is not one. */
    static final long MAX_TEMPLATE_BYTES = 1 << 20;

    /** Options every import takes, and its report. */
    abstract static class ReportingImport extends ToolCommand {
        @Parameters(paramLabel = "FILE", description = "The legacy file (UTF-8 JSON); it is only read.")
        Path file;

        @Option(names = "--dry-run", description = "Report what would happen; change nothing.")
        boolean dryRun;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Option(names = "--json", description = "Print the report as JSON, whatever the outcome.")
        boolean json;

        @Override
        final int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ImportReport report;
            try {
                report = importFile(stowage, err);
            } catch (UncheckedIOException e) {
                return failed("cannot read " + file + ": " + Problems.of(e.getCause()), out, err);
            } catch (StowageException e) {
                return failed("cannot import " + file + ": " + e.getMessage(), out, err);
            } catch (ToolCommand.CommandFailure e) {
                return failed(e.getMessage(), out, err);
            } catch (OutOfMemoryError e) {
                // What held the memory is gone once the import unwound, so the report can still be written.
                return failed(Cli.outOfMemory(), out, err);
            }
            print(report, out);
            if (report.clean()) {
                return 0;
            }
            if (!report.problems().isEmpty()) {
                err.println("stowage: " + report.problems().size() + " of " + report.entries() + " entries of " + file
                        + " had problems" + (report.dryRun() ? "" : "; the others were imported"));
            }
            if (!report.fileProblems().isEmpty()) {
                err.println("stowage: " + report.fileProblems().size() + " value(s) outside the entries of " + file
                        + " were set aside; see the report");
            }
            report.stoppedBy().ifPresent(why -> err.println("stowage: the import of " + file + " " + why));
            return 1;
        }

        abstract ImportReport importFile(Stowage stowage, PrintWriter err);

        /** The file as a whole could not be imported: one line on stderr, and the report on stdout with --json. */
        private int failed(String message, PrintWriter out, PrintWriter err) {
            if (json) {
                JsonOut.print(out, JsonOut.object("file", file.toString(), "dryRun", dryRun, "entries", 0,
                        "created", 0, "alreadyImported", 0, "problems", List.of(), "fileProblems", List.of(),
                        "notes", List.of(), "stoppedBy", Optional.empty(), "error", message));
            }
            err.println("stowage: " + message);
            return 1;
        }

        private void print(ImportReport r, PrintWriter out) {
            if (json) {
                JsonOut.print(out, JsonOut.object("file", file.toString(), "dryRun", r.dryRun(), "entries", r.entries(),
                        "created", r.created(), "alreadyImported", r.existing(),
                        "problems", r.problems().stream().map(p -> JsonOut.object("index", p.index(), "id", p.id(),
                                "reason", p.reason())).toList(),
                        "fileProblems", r.fileProblems(), "notes", r.notes(), "stoppedBy", r.stoppedBy(),
                        "error", Optional.empty()));
                return;
            }
            out.println(r.dryRun() ? "Dry run of " + file + " (nothing was changed):" : "Imported " + file + ":");
            Formats.row(out, "entries", r.entries());
            Formats.row(out, r.dryRun() ? "would create" : "created", r.created());
            Formats.row(out, "already imported", r.existing());
            Formats.row(out, "problems", r.problems().size());
            for (ImportReport.Problem p : r.problems()) {
                out.println("  #" + p.index() + " " + (p.id().isEmpty() ? "(no id)" : p.id()) + ": " + p.reason());
            }
            if (!r.fileProblems().isEmpty()) {
                out.println("set aside:");
                r.fileProblems().forEach(n -> out.println("  " + n));
            }
            r.stoppedBy().ifPresent(why -> out.println("stopped: " + why));
            if (!r.notes().isEmpty()) {
                out.println("notes:");
                r.notes().forEach(n -> out.println("  " + n));
            }
        }
    }

    /** Options of the queue imports. */
    abstract static class FileImport extends ReportingImport {
        @Option(names = "--queue", paramLabel = "Q", defaultValue = "default",
                description = "The queue the imported jobs or template go to (default: ${DEFAULT-VALUE}).")
        QueueName queue;

        @Option(names = "--type", paramLabel = "T", defaultValue = "render",
                description = "The job type they get (default: ${DEFAULT-VALUE}).")
        JobType type;

    }

    @Command(name = "queue-state", description = {"Import the legacy queue state file: its jobs, queue settings and "
        + "global options (saved as the template 'Imported defaults').",
        "The file is read as a stream, one job at a time, so its size is not bounded by memory. A job that was "
            + "processing comes back pending; finished jobs keep their history; what a job cannot hold as written "
            + "is kept in its payload's 'legacy' object. A bad entry, a duplicate id or a bad setting is reported "
            + "('#index id: reason') and does not stop the rest.", EXIT_CODES})
    static final class QueueState extends FileImport {
        @Override
        ImportReport importFile(Stowage stowage, PrintWriter err) {
            QueueStateSource source = stowage.instance(LegacyFiles.class).queueState(file);
            try (ProgressBar bar = ProgressBar.forStderr(err, "importing", source.jobCount(), ProgressBar.Unit.ENTRIES,
                    quiet)) {
                return stowage.instance(ImportQueueStateUseCase.class).importQueueState(source, queue, type, dryRun,
                        (done, total) -> {
                            bar.total(total);
                            bar.update(done);
                        });
            }
        }
    }

    @Command(name = "template", description = {"Import one saved template of the legacy app; a template of the same "
        + "name is replaced.", EXIT_CODES})
    static final class Template extends FileImport {
        @Override
        ImportReport importFile(Stowage stowage, PrintWriter err) {
            String text;
            try {
                if (Files.size(file) > MAX_TEMPLATE_BYTES) {
                    throw new dev.stowage.domain.error.InvalidInputException("a template file is one small JSON "
                            + "object; this one is over " + (MAX_TEMPLATE_BYTES >> 10) + " KiB");
                }
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // One entry: a progress bar would only flash by.
            return stowage.instance(ImportQueueStateUseCase.class).importTemplate(text, queue, type, dryRun);
        }
    }

    @Command(name = "programs", description = {"Import the legacy app's localStorage export of programs (a JSON array).",
        "Each entry becomes a program: its config as written except config.masterImage, whose base64 data URL "
            + "is decoded as a stream into the program's image (checked and thumbnailed like any upload); its id "
            + "becomes the program's external ref; createdAt, updatedAt and active are kept. An entry whose id was "
            + "imported before is left as it is. A bad entry is reported ('#index id: reason') and does not stop the "
            + "rest. At the end every image stored is read back and its SHA-256 compared with the data URL's. The "
            + "export is read once as a stream, so neither it nor one image is ever held in memory whole.",
        EXIT_CODES})
    static final class Programs extends ReportingImport {
        @Mixin
        ProgramCommand.ActorOption actor;

        @Override
        ImportReport importFile(Stowage stowage, PrintWriter err) {
            ImportProgramsUseCase imports = stowage.instance(Key.get(new TypeLiteral<Optional<ImportProgramsUseCase>>() { }))
                    .orElseThrow(() -> new ToolCommand.CommandFailure(
                            "programs are not available: this build's database has no program store"));
            try (InputStream raw = Files.newInputStream(file);
                 ProgressBar bar = ProgressBar.forStderr(err, "importing", Files.size(file), ProgressBar.Unit.BYTES,
                         quiet)) {
                var counted = new CountingInputStream(new BufferedInputStream(raw, 1 << 16), n -> { });
                return imports.importPrograms(actor.actor(), counted, dryRun, (done, total) -> bar.update(counted.count()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
