package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage program ls|show|create|update|activate|deactivate|rm|revisions|diff|restore}. */
final class ProgramCommands {
    private static final String PROGRAM = "The program's id or name.";

    private ProgramCommands() {
    }

    @Command(name = "ls", description = {"List programs by name, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor."})
    static final class Ls extends ToolCommand {
        @Option(names = "--active", description = "Only active programs (default: all).")
        boolean activeOnly;

        @Option(names = "--name", paramLabel = "TEXT", description = "Only names containing TEXT, in any case.")
        String name;

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
            Page<Program> page = ProgramCommand.programs(stowage)
                    .list(new ProgramQuery(activeOnly, Optional.ofNullable(name)), paging.request());
            if (paging.json) {
                JsonOut.print(out, JsonOut.object("items", page.items().stream().map(ProgramCommand::json).toList(),
                        "next", page.next()));
                return 0;
            }
            if (page.items().isEmpty()) {
                out.println("No programs.");
            } else {
                Table t = new Table("ID", "NAME", "VERSION", "ACTIVE", "IMAGE", "UPDATED", "BY");
                for (Program p : page.items()) {
                    t.row(p.id(), p.name(), p.version(), p.active() ? "yes" : "no",
                            p.image().map(i -> i.width() + "x" + i.height()).orElse("-"), Formats.time(p.updatedAt()),
                            p.updatedBy());
                }
                t.print(out);
            }
            page.next().ifPresent(c -> out.println("next cursor: " + c));
            return 0;
        }
    }

    @Command(name = "show", description = "Every field of a program, its config included; of an earlier version with --at-version.")
    static final class Show extends ToolCommand {
        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Option(names = "--at-version", paramLabel = "N", description = "Show the program as it was at version N.")
        Long version;

        @Option(names = "--json", description = "Print it as JSON.")
        boolean json;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            if (version != null) {
                ProgramRevision r = programs.revision(p.id(), version);
                if (json) {
                    JsonOut.print(out, ProgramCommand.json(r));
                } else {
                    print(out, ProgramCommand.json(r));
                }
                return 0;
            }
            if (json) {
                JsonOut.print(out, ProgramCommand.json(p));
            } else {
                print(out, ProgramCommand.json(p));
            }
            return 0;
        }

        /** One row per field; the config and the image as compact JSON. */
        private static void print(PrintWriter out, Map<String, Object> fields) {
            fields.forEach((k, v) -> Formats.row(out, k, v == null ? "-"
                    : v instanceof Map || v instanceof java.util.List ? Json.write(v) : v));
        }
    }

    /** Where a config comes from: inline JSON or a file. */
    static final class ConfigSource {
        @Option(names = "--config-json", paramLabel = "JSON", description = "The config, any JSON value.")
        String inline;

        @Option(names = "--config-file", paramLabel = "FILE", description = "Read the config from FILE (UTF-8 JSON).")
        Path file;

        /** A malformed inline config is bad usage, found before anything is opened. */
        void check(ToolCommand command) {
            if (inline != null) {
                try {
                    read();
                } catch (dev.stowage.domain.error.InvalidInputException e) {
                    throw command.usage("--config-json: " + e.getMessage());
                }
            }
        }

        JsonText read() {
            String text = inline;
            if (file != null) {
                try {
                    text = Files.readString(file, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new ToolCommand.CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
                }
            }
            // The service checks the configured byte limit; this bound only keeps parsing finite.
            return JsonText.of(text, Integer.MAX_VALUE - 8, "config");
        }
    }

    @Command(name = "create", description = "Make a new program (version 1, no image) and print it.")
    static final class Create extends ToolCommand {
        @Parameters(paramLabel = "NAME", description = "Its unique name.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", defaultValue = "", description = "What it is for.")
        String description;

        @ArgGroup(exclusive = true)
        ConfigSource config;

        @Option(names = "--schema-version", paramLabel = "N", defaultValue = "1",
                description = "The version of the config's own shape (default: ${DEFAULT-VALUE}).")
        int schemaVersion;

        @Option(names = "--inactive", description = "Create it inactive.")
        boolean inactive;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;


        @Override
        void checkUsage() {
            if (config != null) {
                config.check(this);
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            JsonText cfg = config == null ? JsonText.emptyObject() : config.read();
            Program p = ProgramCommand.programs(stowage).create(actor.actor(),
                    new ProgramDraft(new ProgramName(name), description, cfg, schemaVersion, !inactive));
            return printed(out, p, json, "Created");
        }
    }

    @Command(name = "update", description = "Change a program's name, description, config or schema version; "
            + "what is not given stays. The replaced version is kept as a revision.")
    static final class Update extends ToolCommand {
        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Option(names = "--name", paramLabel = "NAME", description = "A new name.")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "A new description.")
        String description;

        @ArgGroup(exclusive = true)
        ConfigSource config;

        @Option(names = "--schema-version", paramLabel = "N", description = "A new config schema version.")
        Integer schemaVersion;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;


        @Override
        void checkUsage() {
            if (name == null && description == null && config == null && schemaVersion == null) {
                throw usage("nothing to change: give --name, --description, --config-json, --config-file or --schema-version");
            }
            if (config != null) {
                config.check(this);
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            var draft = new ProgramDraft(name != null ? new ProgramName(name) : p.name(),
                    description != null ? description : p.description(), config != null ? config.read() : p.config(),
                    schemaVersion != null ? schemaVersion : p.configSchemaVersion(), p.active());
            return printed(out, programs.update(actor.actor(), p.id(), version.expected(p), draft), json, "Updated");
        }
    }

    @Command(description = "Switch a program on or off (a change like any other: new version, revision kept).")
    abstract static class SetActive extends ToolCommand {

        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;

        /** True to switch the program on. */
        abstract boolean active();

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            return printed(out, programs.setActive(actor.actor(), p.id(), version.expected(p), active()), json,
                    active() ? "Activated" : "Deactivated");
        }
    }

    @Command(name = "activate")
    static final class Activate extends SetActive {
        @Override
        boolean active() {
            return true;
        }
    }

    @Command(name = "deactivate")
    static final class Deactivate extends SetActive {
        @Override
        boolean active() {
            return false;
        }
    }

    @Command(name = "rm", description = "Delete a program, its revisions and its images.")
    static final class Rm extends ToolCommand {
        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            programs.delete(actor.actor(), p.id(), version.expected(p));
            out.println("Deleted program " + p.id() + " (" + p.name() + ").");
            return 0;
        }
    }

    @Command(name = "revisions", description = {"A program's earlier versions, newest first, with who made each and when.",
        "Prints the cursor of the next page when there is one; pass it to --cursor."})
    static final class Revisions extends ToolCommand {
        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

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
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            Page<ProgramRevision> page = programs.revisions(p.id(), paging.request());
            if (paging.json) {
                JsonOut.print(out, JsonOut.object("items", page.items().stream().map(ProgramCommand::json).toList(),
                        "next", page.next()));
                return 0;
            }
            out.println("Current version " + p.version() + " by " + p.updatedBy() + " at " + Formats.time(p.updatedAt()) + ".");
            if (page.items().isEmpty()) {
                out.println("No earlier versions.");
            } else {
                Table t = new Table("VERSION", "NAME", "ACTIVE", "CONFIG SHA-256", "BY", "AT");
                for (ProgramRevision r : page.items()) {
                    t.row(r.version(), r.name(), r.active() ? "yes" : "no", r.configSha256().hex().substring(0, 12),
                            r.updatedBy(), Formats.time(r.updatedAt()));
                }
                t.print(out);
            }
            page.next().ifPresent(c -> out.println("next cursor: " + c));
            return 0;
        }
    }

    @Command(name = "diff", description = {"What changed from version FROM to version TO (either may be older, or current):",
        "an RFC 6902 JSON Patch of the config, then the other fields that differ."})
    static final class Diff extends ToolCommand {
        @Parameters(index = "0", paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Parameters(index = "1", paramLabel = "FROM", description = "A version number.")
        long from;

        @Parameters(index = "2", paramLabel = "TO", description = "A version number.")
        long to;

        @Option(names = "--json", description = "Print {\"configPatch\":[...],\"changes\":[...]} and the versions.")
        boolean json;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            ProgramDiff d = programs.diff(p.id(), from, to);
            if (json) {
                JsonOut.print(out, ProgramCommand.json(d));
                return 0;
            }
            if (d.configPatch().isEmpty() && d.changes().isEmpty()) {
                out.println("Versions " + from + " and " + to + " are the same.");
                return 0;
            }
            if (!d.configPatch().isEmpty()) {
                out.println("config:");
                d.configPatch().forEach(op -> out.println("  " + Json.write(op.toJson())));
            }
            d.changes().forEach(c -> Formats.row(out, c.field(), Json.write(c.from()) + " -> " + Json.write(c.to())));
            return 0;
        }
    }

    @Command(name = "restore", description = "Make version VERSION's name, description, config and image current again, "
            + "as a new version (the active flag stays).")
    static final class Restore extends ToolCommand {
        @Parameters(index = "0", paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Parameters(index = "1", paramLabel = "VERSION", description = "The version to restore.")
        long restored;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            return printed(out, programs.restore(actor.actor(), p.id(), restored, version.expected(p)), json,
                    "Restored version " + restored + " of");
        }
    }

    static int printed(PrintWriter out, Program p, boolean json, String verb) {
        if (json) {
            JsonOut.print(out, ProgramCommand.json(p));
        } else {
            out.println(verb + " program " + p.id() + " (" + p.name() + "), now at version " + p.version() + ".");
        }
        return 0;
    }
}
