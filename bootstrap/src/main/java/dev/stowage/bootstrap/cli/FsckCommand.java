package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.document.CheckConsistencyUseCase;
import dev.stowage.application.port.in.document.CheckConsistencyUseCase.Finding;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stowage fsck}: compare metadata with the blob store; report, and with --repair fix. */
@Command(name = "fsck", description = {"Check that every document's bytes are present and of the right size, and "
    + "look for blobs nothing refers to, temporary leftovers and expired uploads.",
    "Temporary files are always listed with their bytes: those of processes that are gone, or older than "
        + "stowage.documents.orphan-grace, as stale; the others as in use (not a problem).",
    "--repair deletes orphaned blobs (older than stowage.documents.orphan-grace), stale temporaries and expired "
        + "uploads; missing or corrupt bytes are only reported. Safe while the service runs.",
    "Exit codes: 0 nothing found, or everything found was repaired; 1 findings remain; 2 bad usage."})
final class FsckCommand extends ToolCommand {

    @Option(names = "--repair", description = "Fix what can be fixed safely.")
    boolean repair;

    @Option(names = "--verify-content", description = "Also re-read every document and check its SHA-256 (reads everything).")
    boolean verifyContent;

    @Option(names = "--json", description = "Print the findings as JSON.")
    boolean json;

    /**
     * Start-up leaves dead processes' leftovers where they are: the check reports them as found,
     * and removes them itself with --repair, so what was removed is reported too.
     */
    @Override
    Stowage open(StowageConfig config) {
        return Stowage.inspection(config);
    }

    @Override
    int run(Stowage stowage, PrintWriter out, PrintWriter err) {
        List<Finding> findings = stowage.instance(CheckConsistencyUseCase.class).check(verifyContent, repair);
        long unrepaired = findings.stream().filter(Finding::outstanding).count();
        List<Finding> problems = findings.stream().filter(f -> f.kind().isProblem()).toList();
        List<Finding> inUse = findings.stream().filter(f -> !f.kind().isProblem()).toList();
        if (json) {
            JsonOut.print(out, JsonOut.object("findings", findings.stream().map(f -> JsonOut.object(
                    "kind", f.kind().name(), "subject", f.subject(), "detail", f.detail(), "repaired", f.repaired(),
                    "bytes", f.bytes().isPresent() ? f.bytes().getAsLong() : null)).toList(),
                    "unrepaired", unrepaired,
                    "temporaryBytesInUse", inUse.stream().mapToLong(f -> f.bytes().orElse(0)).sum()));
        } else {
            for (Finding f : findings) {
                out.println(f.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + f.subject() + ": "
                        + f.detail() + (f.repaired() ? " (repaired)" : ""));
            }
            if (!inUse.isEmpty()) {
                out.println(inUse.size() + " temporary item(s) of writes that may still be going on, "
                        + inUse.stream().mapToLong(f -> f.bytes().orElse(0)).sum() + " bytes (left alone).");
            }
            if (problems.isEmpty()) {
                out.println("No problems found" + (verifyContent ? " (content verified)." : "."));
            } else {
                out.println(problems.size() + " finding(s), " + (problems.size() - unrepaired) + " repaired.");
            }
        }
        if (unrepaired > 0) {
            err.println("stowage: " + unrepaired + " finding(s) not repaired"
                    + (repair ? "" : "; run 'stowage fsck --repair' to fix what can be fixed"));
            return 1;
        }
        return 0;
    }
}
