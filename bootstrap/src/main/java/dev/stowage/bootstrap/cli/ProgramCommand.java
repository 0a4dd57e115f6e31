package dev.stowage.bootstrap.cli;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.JsonPatch;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramRevision;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code stowage program}: versioned configs with a master image. */
@Command(name = "program", description = {"Create, change, list and delete programs; their images, revisions and diffs.",
    ProgramCommand.OPERATOR_NOTE},
        subcommands = {ProgramCommands.Ls.class, ProgramCommands.Show.class, ProgramCommands.Create.class,
            ProgramCommands.Update.class, ProgramCommands.Activate.class, ProgramCommands.Deactivate.class,
            ProgramCommands.Rm.class, ProgramCommands.Revisions.class, ProgramCommands.Diff.class,
            ProgramCommands.Restore.class, ProgramCommand.ImageCommand.class})
final class ProgramCommand implements Runnable {
    static final String OPERATOR_NOTE = "These commands are operator tools with direct access to the data folder: "
            + "they need no token, and each change is recorded as made by --actor.";

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }


    /** {@code stowage program image}. */
    @Command(name = "image", description = "Upload a program's master image, download it or its thumbnail.",
            subcommands = {ProgramImageCommands.Put.class, ProgramImageCommands.Get.class,
                ProgramImageCommands.Thumbnail.class})
    static final class ImageCommand implements Runnable {
        @Spec
        CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }

    /**
     * The program use case, or a failure that says why there is none: the storage engine of this
     * build binds no program store.
     */
    static ManageProgramsUseCase programs(Stowage stowage) {
        return stowage.instance(Key.get(new TypeLiteral<Optional<ManageProgramsUseCase>>() { }))
                .orElseThrow(() -> new ToolCommand.CommandFailure(
                        "programs are not available: this build's database has no program store"));
    }

    /**
     * A program by id, or else by name: ids are ULIDs, and a name that happens to look like one is
     * still found by name when no program has that id.
     */
    static Program find(ManageProgramsUseCase programs, String idOrName) {
        Optional<ProgramId> id = Optional.empty();
        try {
            id = Optional.of(new ProgramId(idOrName));
        } catch (InvalidInputException notAnId) {
            // a name, then
        }
        if (id.isPresent()) {
            try {
                return programs.get(id.get());
            } catch (NotFoundException e) {
                // perhaps a name that looks like an id
            }
        }
        try {
            return programs.getByName(new ProgramName(idOrName));
        } catch (InvalidInputException e) {
            throw new NotFoundException("no program has the id or name '" + idOrName + "'");
        }
    }

    /** Who the change is recorded as made by. */
    static final class ActorOption {
        @Option(names = "--actor", paramLabel = "USER",
                description = "Record changes as made by USER (default: the operating system's user name, or 'operator').")
        UserId actor;

        /** CLI users have direct access to the data folder, so they act as administrators. */
        Actor actor() {
            return Actor.admin(actor != null ? actor : defaultActor());
        }

        static UserId defaultActor() {
            try {
                return new UserId(System.getProperty("user.name", "operator"));
            } catch (InvalidInputException e) {
                return new UserId("operator");
            }
        }
    }

    /** The version a change expects; the current one when not given. */
    static final class VersionOption {
        @Option(names = "--expect-version", paramLabel = "N",
                description = "Change only if the program is at version N (default: whatever version it is at).")
        Long expected;

        long expected(Program current) {
            return expected != null ? expected : current.version();
        }
    }

    // ---- JSON shapes, as the HTTP API's ----

    static Map<String, Object> json(Program p) {
        return JsonOut.object("id", p.id(), "name", p.name(), "description", p.description(), "config", p.config(),
                "configSchemaVersion", p.configSchemaVersion(), "configSha256", p.configSha256(), "active", p.active(),
                "version", p.version(), "image", p.image().map(ProgramCommand::json), "externalRef", p.externalRef(),
                "createdAt", p.createdAt(), "updatedAt", p.updatedAt(), "updatedBy", p.updatedBy());
    }

    static Map<String, Object> json(ProgramImage i) {
        return JsonOut.object("mimeType", i.mimeType(), "size", i.size(), "sha256", i.sha256(), "width", i.width(),
                "height", i.height(), "thumbnail", i.thumbnail().isPresent());
    }

    static Map<String, Object> json(ProgramRevision r) {
        return JsonOut.object("program", r.program(), "version", r.version(), "name", r.name(),
                "description", r.description(), "config", r.config(), "configSchemaVersion", r.configSchemaVersion(),
                "configSha256", r.configSha256(), "active", r.active(), "image", r.image().map(ProgramCommand::json),
                "updatedBy", r.updatedBy(), "updatedAt", r.updatedAt());
    }

    static Map<String, Object> json(ProgramDiff d) {
        return JsonOut.object("program", d.program(), "from", d.fromVersion(), "to", d.toVersion(),
                "configPatch", JsonPatch.toJson(d.configPatch()),
                "changes", d.changes().stream().map(c -> {
                    var m = new java.util.LinkedHashMap<String, Object>();
                    m.put("field", c.field());
                    m.put("from", c.from());
                    m.put("to", c.to());
                    return m;
                }).toList());
    }
}
