package dev.stowage.bootstrap.cli;

import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.document.Document;
import dev.stowage.domain.document.Visibility;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stowage doc}: documents, handled as their owner. */
@Command(name = "doc", description = {"Store, fetch, list and delete documents.",
    DocCommand.OwnerOption.OPERATOR_NOTE},
        subcommands = {DocPutCommand.class, DocGetCommand.class, DocQueryCommands.Ls.class, DocQueryCommands.Rm.class,
            DocQueryCommands.UsageOf.class})
final class DocCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }


    static Map<String, Object> json(Document d) {
        return JsonOut.object("id", d.id(), "owner", d.owner(), "name", d.name(), "fileName", d.fileName(),
                "mimeType", d.mimeType(), "size", d.size(), "sha256", d.sha256(),
                "visibility", d.visibility() == Visibility.PUBLIC ? "public" : "private",
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
}
