package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase.Content;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.UsageReport;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.StoreDocumentsUseCase;
import dev.stowage.application.port.in.document.UploadCommand;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentName;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.FileName;
import dev.stowage.domain.document.MimeType;
import dev.stowage.domain.document.UserMetadata;
import dev.stowage.domain.document.Visibility;
import dev.stowage.domain.error.InvalidInputException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage doc}: documents, handled as their owner. */
@Command(name = "doc", description = {"Store, fetch, list and delete documents.",
    DocCommand.OwnerOption.OPERATOR_NOTE},
        subcommands = {DocCommand.Put.class, DocCommand.Get.class, DocCommand.Ls.class, DocCommand.Rm.class,
            DocCommand.UsageOf.class})
final class DocCommand extends CommandGroup {
    /** How {@code doc ls} prints a page of documents. */
    static final Listing<Document> LISTING = Listing.of("No documents.", DocCommand::json,
            d -> new Object[] {d.id(), d.name(), d.mimeType(), Formats.size(d.size()), visibility(d),
                Formats.time(d.createdAt())},
            "ID", "NAME", "TYPE", "SIZE", "VISIBILITY", "CREATED");

    static String visibility(Document d) {
        return d.visibility() == Visibility.PUBLIC ? "public" : "private";
    }

    static Map<String, Object> json(Document d) {
        return JsonOut.object("id", d.id(), "owner", d.owner(), "name", d.name(), "fileName", d.fileName(),
                "mimeType", d.mimeType(), "size", d.size(), "sha256", d.sha256(),
                "visibility", visibility(d),
                "metadata", d.metadata().entries(), "version", d.version(),
                "createdAt", d.createdAt(), "updatedAt", d.updatedAt());
    }

    /** The {@code --owner} every document command takes. */
    static final class OwnerOption {
        static final String OPERATOR_NOTE = "These commands act as the owner named by --owner, with no token: "
                + "they are operator tools with direct access to the data folder. Another owner's private "
                + "document is reported as not found, as over HTTP.";

        @Option(names = "--owner", paramLabel = "USER", required = true, description = "Act as this user.")
        UserId owner;

        Actor actor() {
            return Actor.user(owner);
        }
    }

    /** {@code stowage doc put}: stream a file into a new document. */
    @Command(name = "put", description = {"Store FILE as a new document of --owner and print its id, size and SHA-256.",
        "The file is streamed, never read whole into memory; size and SHA-256 are computed on the way.",
        DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class Put extends ToolCommand {

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

    /**
     * {@code stowage doc get}: stream a document out. A file is written beside its target under a
     * temporary name, synced and renamed into place only once every byte arrived and matched the
     * document's SHA-256, so a failed download leaves nothing half-written.
     */
    @Command(name = "get", description = {"Write a document's bytes to a file (or to stdout with -o -).",
        "The file appears only once the whole document arrived and matched its SHA-256; an existing file of that "
            + "name is replaced.", DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class Get extends ToolCommand {

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
            checkOutput(output);
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Path target = outputFile(output);
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
            return Sha256.newDigest();
        }
    }

    @Command(name = "ls", description = {"List the owner's documents, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor.",
        DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class Ls extends PagedCommand {
        @Mixin
        DocCommand.OwnerOption owner;

        @Option(names = "--sort", paramLabel = "KEY", defaultValue = "created",
                description = "created, name or size (default: ${DEFAULT-VALUE}); ascending unless --desc.")
        DocumentQuery.Sort sort;

        @Option(names = "--desc", description = "Largest, latest or last name first.")
        boolean descending;

        @Option(names = "--type", paramLabel = "MIME", description = "Only this MIME type (image/png) or family (image/*).")
        String mimeType;

        @Option(names = "--prefix", paramLabel = "P", description = "Only names starting with P.")
        String prefix;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            var query = new DocumentQuery(sort, descending, Optional.ofNullable(mimeType), Optional.ofNullable(prefix));
            Page<Document> page = stowage.instance(ManageDocumentsUseCase.class)
                    .list(owner.actor(), query, paging.request());
            return DocCommand.LISTING.page(out, page, paging.json);
        }
    }

    @Command(name = "rm", description = {"Delete one of the owner's documents and its bytes.",
        DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class Rm extends ToolCommand {
        @Parameters(paramLabel = "ID", description = "The document's id.")
        DocumentId id;

        @Mixin
        DocCommand.OwnerOption owner;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            stowage.instance(ManageDocumentsUseCase.class).delete(owner.actor(), id, Optional.empty());
            out.println("Deleted document " + id + ".");
            return 0;
        }
    }

    @Command(name = "usage", description = {"How many documents and bytes the owner stores, and the quota.",
        DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class UsageOf extends ToolCommand {
        @Mixin
        DocCommand.OwnerOption owner;

        @Option(names = "--json", description = "Print the usage as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            UsageReport r = stowage.instance(ManageDocumentsUseCase.class).usage(owner.actor(), owner.owner);
            if (json) {
                JsonOut.print(out, JsonOut.object("owner", r.usage().owner(), "documents", r.usage().documents(),
                        "bytes", r.usage().bytes(), "quotaBytes", r.quotaBytes()));
                return 0;
            }
            Formats.row(out, "owner", r.usage().owner());
            Formats.row(out, "documents", r.usage().documents());
            Formats.row(out, "stored", Formats.size(r.usage().bytes()) + " (" + r.usage().bytes() + " bytes)");
            Formats.row(out, "quota", r.quotaBytes().map(q -> Formats.size(q) + " (" + Formats.size(Math.max(0, q - r.usage().bytes()))
                    + " left)").orElse("none"));
            return 0;
        }
    }
}
