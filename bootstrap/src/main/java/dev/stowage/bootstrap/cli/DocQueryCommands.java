package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.document.ManageDocumentsUseCase;
import dev.stowage.application.port.in.document.ManageDocumentsUseCase.UsageReport;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.DocumentId;
import dev.stowage.domain.document.DocumentQuery;
import dev.stowage.domain.document.Visibility;
import java.io.PrintWriter;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage doc ls|rm|usage}. */
final class DocQueryCommands {

    private DocQueryCommands() {
    }

    @Command(name = "ls", description = {"List the owner's documents, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor.",
        DocCommand.OwnerOption.OPERATOR_NOTE})
    static final class Ls extends ToolCommand {
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

        @Mixin
        PageOptions paging;


        @Override
        void checkUsage() {
            paging.problem().ifPresent(p -> {
                throw usage(p);
            });
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            var query = new DocumentQuery(sort, descending, Optional.ofNullable(mimeType), Optional.ofNullable(prefix));
            Page<Document> page = stowage.instance(ManageDocumentsUseCase.class)
                    .list(owner.actor(), query, paging.request());
            if (paging.json) {
                JsonOut.print(out, JsonOut.object("items", page.items().stream().map(DocCommand::json).toList(),
                        "next", page.next()));
                return 0;
            }
            if (page.items().isEmpty()) {
                out.println("No documents.");
            } else {
                Table t = new Table("ID", "NAME", "TYPE", "SIZE", "VISIBILITY", "CREATED");
                for (Document d : page.items()) {
                    t.row(d.id(), d.name(), d.mimeType(), Formats.size(d.size()),
                            d.visibility() == Visibility.PUBLIC ? "public" : "private", Formats.time(d.createdAt()));
                }
                t.print(out);
            }
            page.next().ifPresent(c -> out.println("next cursor: " + c));
            return 0;
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
