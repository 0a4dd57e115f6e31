package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage doc put}: stream a file into a new document. */
@Command(name = "put", description = {"Store FILE as a new document of --owner and print its id, size and SHA-256.",
    "The file is streamed, never read whole into memory; size and SHA-256 are computed on the way.",
    DocCommand.OwnerOption.OPERATOR_NOTE})
final class DocPutCommand extends ToolCommand {

    @Parameters(paramLabel = "FILE", description = "The file to store.")
    Path file;

    @Mixin
    DocCommand.OwnerOption owner;

    @Option(names = "--name", paramLabel = "NAME", description = "The document's name, unique per owner (default: the file's name).")
    DocumentName name;

    @Option(names = "--type", paramLabel = "MIME",
            description = "Its MIME type (default: guessed from the file name, else application/octet-stream).")
    MimeType type;

    @Option(names = "--public", description = "Readable by anyone (default: private to its owner).")
    boolean isPublic;

    @Option(names = "--meta", paramLabel = "KEY=VALUE", description = "A metadata entry; repeat for more.")
    Map<String, String> meta = new LinkedHashMap<>();

    @Option(names = "--sha256", paramLabel = "HEX", description = "The SHA-256 the file must have; the upload is refused otherwise.")
    Sha256 sha256;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--json", description = "Print the stored document as JSON.")
    boolean json;


    @Override
    int run(Stowage stowage, PrintWriter out, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            throw new CommandFailure("cannot read " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
        }
        String fileName = file.getFileName().toString();
        Document stored;
        try (InputStream raw = Files.newInputStream(file)) {
            long size = Files.size(file);
            var command = new UploadCommand(name != null ? name : new DocumentName(fileName), new FileName(fileName),
                    type != null ? type : guessType(fileName), isPublic ? Visibility.PUBLIC : Visibility.PRIVATE,
                    new UserMetadata(meta), OptionalLong.of(size), Optional.ofNullable(sha256));
            try (ProgressBar bar = ProgressBar.forStderr(err, "uploading", size, ProgressBar.Unit.BYTES, quiet)) {
                InputStream counted = new CountingInputStream(new BufferedInputStream(raw, 1 << 16), bar::advance);
                stored = stowage.instance(StoreDocumentsUseCase.class).upload(owner.actor(), command, counted);
            }
        } catch (IOException e) {
            throw new CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
        }
        if (json) {
            JsonOut.print(out, DocCommand.json(stored));
        } else {
            Formats.row(out, "id", stored.id());
            Formats.row(out, "size", Formats.size(stored.size()) + " (" + stored.size() + " bytes)");
            Formats.row(out, "sha256", stored.sha256());
        }
        return 0;
    }

    /** The JDK's own table of file name extensions first: it gives the same answer on every machine. */
    static MimeType guessType(String fileName) {
        String guess = URLConnection.guessContentTypeFromName(fileName);
        if (guess != null) {
            try {
                return new MimeType(guess);
            } catch (InvalidInputException e) {
                // not a plain type/subtype (it had parameters): fall through to the generic type
            }
        }
        return MimeType.OCTET_STREAM;
    }
}
