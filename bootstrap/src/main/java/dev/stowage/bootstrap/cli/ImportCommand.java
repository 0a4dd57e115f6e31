package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code stowage import}: bring in the legacy app's files. The files are only ever read. */
@Command(name = "import", description = {"Import the legacy app's files: its queue state file and its saved templates.",
    "The files are only read, never changed. Re-importing the same file adds nothing new."})
final class ImportCommand implements Runnable {
    static final String EXIT_CODES = "Exit codes: 0 every entry was imported (or already was); 1 some entries had "
            + "problems (each is listed, the others were imported), or the file as a whole is unreadable; 2 bad usage.";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine imports = new CommandLine(new ImportCommand());
        imports.addSubcommand(new QueueState(environment));
        imports.addSubcommand(new Template(environment));
        return Converters.registerAll(imports);
    }

    /** Options both imports take. */
    abstract static class FileImport extends ToolCommand {
        @Parameters(paramLabel = "FILE", description = "The legacy file (UTF-8 JSON); it is only read.")
        Path file;

        @Option(names = "--queue", paramLabel = "Q", defaultValue = "default",
                description = "The queue the imported jobs or template go to (default: ${DEFAULT-VALUE}).")
        QueueName queue;

        @Option(names = "--type", paramLabel = "T", defaultValue = "render",
                description = "The job type they get (default: ${DEFAULT-VALUE}).")
        JobType type;

        @Option(names = "--dry-run", description = "Report what would happen; change nothing.")
        boolean dryRun;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        FileImport(Map<String, String> environment) {
            super(environment);
        }

        @Override
        final int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            String text = read();
            ImportReport report;
            try {
                report = importText(stowage.instance(ImportQueueStateUseCase.class), text, err);
            } catch (InvalidInputException e) {
                throw new CommandFailure("cannot import " + file + ": " + e.getMessage(), e);
            }
            print(report, out);
            if (!report.clean()) {
                err.println("stowage: " + report.problems().size() + " of " + report.entries() + " entries of " + file
                        + " had problems" + (report.dryRun() ? "" : "; the others were imported"));
                return 1;
            }
            return 0;
        }

        abstract ImportReport importText(ImportQueueStateUseCase imports, String text, PrintWriter err);

        private String read() {
            try {
                return Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
            }
        }

        private void print(ImportReport r, PrintWriter out) {
            if (json) {
                JsonOut.print(out, JsonOut.object("file", file.toString(), "dryRun", r.dryRun(), "entries", r.entries(),
                        "created", r.created(), "alreadyImported", r.existing(),
                        "problems", r.problems().stream().map(p -> JsonOut.object("index", p.index(), "id", p.id(),
                                "reason", p.reason())).toList(),
                        "notes", r.notes()));
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
            if (!r.notes().isEmpty()) {
                out.println("notes:");
                r.notes().forEach(n -> out.println("  " + n));
            }
        }
    }

    @Command(name = "queue-state", description = {"Import the legacy queue state file: its jobs, queue settings and "
        + "global options (saved as the template 'Imported defaults').",
        "A job that was processing comes back pending; finished jobs keep their history. A bad entry is reported "
            + "as '#index id: reason' and does not stop the rest.", EXIT_CODES})
    static final class QueueState extends FileImport {
        QueueState(Map<String, String> environment) {
            super(environment);
        }

        @Override
        ImportReport importText(ImportQueueStateUseCase imports, String text, PrintWriter err) {
            try (ProgressBar bar = ProgressBar.forStderr(err, "importing", -1, ProgressBar.Unit.ENTRIES, quiet)) {
                return imports.importQueueState(text, queue, type, dryRun, (done, total) -> {
                    bar.total(total);
                    bar.update(done);
                });
            }
        }
    }

    @Command(name = "template", description = {"Import one saved template of the legacy app; a template of the same "
        + "name is replaced.", EXIT_CODES})
    static final class Template extends FileImport {
        Template(Map<String, String> environment) {
            super(environment);
        }

        @Override
        ImportReport importText(ImportQueueStateUseCase imports, String text, PrintWriter err) {
            // One entry: a progress bar would only flash by.
            return imports.importTemplate(text, queue, type, dryRun);
        }
    }
}
