package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.Content;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code stowage doc get}: stream a document out. A file is written beside its target under a
 * temporary name, synced and renamed into place only once every byte arrived and matched the
 * document's SHA-256, so a failed download leaves nothing half-written.
 */
@Command(name = "get", description = {"Write a document's bytes to a file (or to stdout with -o -).",
    "The file appears only once the whole document arrived and matched its SHA-256; an existing file of that "
        + "name is replaced.", DocCommand.OwnerOption.OPERATOR_NOTE})
final class DocGetCommand extends ToolCommand {

    @Parameters(paramLabel = "ID", description = "The document's id.")
    DocumentId id;

    @Mixin
    DocCommand.OwnerOption owner;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
            description = "Where to write the bytes; '-' for stdout.")
    String output;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;


    @Override
    void checkUsage() {
        if (output.isEmpty()) {
            throw usage("-o needs a file name, or '-' for stdout");
        }
    }

    @Override
    int run(Stowage stowage, PrintWriter out, PrintWriter err) {
        Path target = "-".equals(output) ? null : Path.of(output).toAbsolutePath();
        if (target != null && Files.isDirectory(target)) {
            throw new CommandFailure("cannot write " + output + ": it is a folder");
        }
        Content content = stowage.instance(ManageDocumentsUseCase.class).download(owner.actor(), id, Optional.empty());
        Document doc = content.document();
        try (InputStream bytes = content.bytes();
             ProgressBar bar = ProgressBar.forStderr(err, "downloading", doc.size(), ProgressBar.Unit.BYTES, quiet)) {
            DigestInputStream digesting = new DigestInputStream(new CountingInputStream(bytes, bar::advance), sha256());
            if (target == null) {
                OutputStream os = stdout();
                digesting.transferTo(os);
                os.flush();
                check(doc, digesting, "the bytes written to stdout are not to be trusted");
            } else {
                save(doc, digesting, target);
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot download document " + id + " to " + output + ": " + Problems.of(e), e);
        }
        // With -o - stdout carries the bytes, so the summary goes to stderr.
        PrintWriter summary = target == null ? err : out;
        summary.println("Saved document " + doc.id() + " (" + doc.name() + ", " + Formats.size(doc.size()) + ", sha256 "
                + doc.sha256() + ") to " + (target == null ? "stdout" : output) + ".");
        return 0;
    }

    private void save(Document doc, DigestInputStream bytes, Path target) throws IOException {
        SafeFile.save(doc.id().value().toLowerCase(java.util.Locale.ROOT), bytes, target,
                () -> check(doc, bytes, "nothing was saved"));
    }

    private static void check(Document doc, DigestInputStream bytes, String consequence) {
        Sha256 actual = Sha256.of(bytes.getMessageDigest().digest());
        if (!actual.equals(doc.sha256())) {
            throw new CommandFailure("document " + doc.id() + " read back with SHA-256 " + actual + " but its metadata says "
                    + doc.sha256() + "; " + consequence + " (run 'stowage fsck --verify-content')");
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
