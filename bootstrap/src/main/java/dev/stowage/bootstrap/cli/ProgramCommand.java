package dev.stowage.bootstrap.cli;

import com.google.inject.Key;
import com.google.inject.TypeLiteral;
import dev.stowage.application.port.in.program.ManageProgramsUseCase.ImageContent;
import dev.stowage.application.port.in.program.ManageProgramsUseCase;
import dev.stowage.application.port.in.program.ProgramDraft;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonPatch;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.common.UserId;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.program.Program;
import dev.stowage.domain.program.ProgramDiff;
import dev.stowage.domain.program.ProgramId;
import dev.stowage.domain.program.ProgramImage;
import dev.stowage.domain.program.ProgramName;
import dev.stowage.domain.program.ProgramQuery;
import dev.stowage.domain.program.ProgramRevision;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage program}: versioned configs with a master image. */
@Command(name = "program", description = {"Create, change, list and delete programs; their images, revisions and diffs.",
    ProgramCommand.OPERATOR_NOTE},
        subcommands = {ProgramCommand.Ls.class, ProgramCommand.Show.class, ProgramCommand.Create.class,
            ProgramCommand.Update.class, ProgramCommand.Activate.class, ProgramCommand.Deactivate.class,
            ProgramCommand.Rm.class, ProgramCommand.Revisions.class, ProgramCommand.Diff.class,
            ProgramCommand.Restore.class, ProgramCommand.ImageCommand.class})
final class ProgramCommand extends CommandGroup {
    static final String OPERATOR_NOTE = "These commands are operator tools with direct access to the data folder: "
            + "they need no token, and each change is recorded as made by --actor.";
    private static final String PROGRAM = "The program's id or name.";

    /** {@code stowage program image}. */
    @Command(name = "image", description = "Upload a program's master image, download it or its thumbnail.",
            subcommands = {ProgramCommand.Put.class, ProgramCommand.Get.class,
                ProgramCommand.Thumbnail.class})
    static final class ImageCommand extends CommandGroup {
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

    /** How {@code program ls} prints a page of programs. */
    static final Listing<Program> LISTING = Listing.of("No programs.", ProgramCommand::json,
            p -> new Object[] {p.id(), p.name(), p.version(), p.active() ? "yes" : "no",
                p.image().map(i -> i.width() + "x" + i.height()).orElse("-"), Formats.time(p.updatedAt()), p.updatedBy()},
            "ID", "NAME", "VERSION", "ACTIVE", "IMAGE", "UPDATED", "BY");

    /** How {@code program revisions} prints a page of earlier versions. */
    static final Listing<ProgramRevision> REVISIONS = Listing.of("No earlier versions.", ProgramCommand::json,
            r -> new Object[] {r.version(), r.name(), r.active() ? "yes" : "no", r.configSha256().hex().substring(0, 12),
                r.updatedBy(), Formats.time(r.updatedAt())},
            "VERSION", "NAME", "ACTIVE", "CONFIG SHA-256", "BY", "AT");

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


    @Command(name = "ls", description = {"List programs by name, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor."})
    static final class Ls extends PagedCommand {
        @Option(names = "--active", description = "Only active programs (default: all).")
        boolean activeOnly;

        @Option(names = "--name", paramLabel = "TEXT", description = "Only names containing TEXT, in any case.")
        String name;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Page<Program> page = ProgramCommand.programs(stowage)
                    .list(new ProgramQuery(activeOnly, Optional.ofNullable(name)), paging.request());
            return ProgramCommand.LISTING.page(out, page, paging.json);
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
    static final class Revisions extends PagedCommand {
        @Parameters(paramLabel = "PROGRAM", description = PROGRAM)
        String program;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            Page<ProgramRevision> page = programs.revisions(p.id(), paging.request());
            if (!paging.json) {
                out.println("Current version " + p.version() + " by " + p.updatedBy() + " at " + Formats.time(p.updatedAt()) + ".");
            }
            return ProgramCommand.REVISIONS.page(out, page, paging.json);
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

    @Command(name = "put", description = {"Stream FILE in as the program's master image (PNG or JPEG; WebP where this Java "
        + "runtime reads it) and make its thumbnail.", "The image is checked whole before the program refers to it; "
        + "a file that is not a readable image changes nothing. The previous image stays with its revision."})
    static final class Put extends ToolCommand {
        @Parameters(index = "0", paramLabel = "PROGRAM", description = "The program's id or name.")
        String program;

        @Parameters(index = "1", paramLabel = "FILE", description = "The image file.")
        Path file;

        @Mixin
        ProgramCommand.VersionOption version;

        @Mixin
        ProgramCommand.ActorOption actor;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        @Option(names = "--json", description = "Print the program as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            if (!Files.isRegularFile(file)) {
                throw new CommandFailure("cannot read " + file + ": " + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            Program stored;
            try (InputStream raw = Files.newInputStream(file);
                 ProgressBar bar = ProgressBar.forStderr(err, "uploading", Files.size(file), ProgressBar.Unit.BYTES, quiet)) {
                InputStream counted = new CountingInputStream(new BufferedInputStream(raw, 1 << 16), bar::advance);
                stored = programs.putImage(actor.actor(), p.id(), version.expected(p), counted);
            } catch (IOException e) {
                throw new CommandFailure("cannot read " + file + ": " + Problems.of(e), e);
            }
            if (json) {
                JsonOut.print(out, ProgramCommand.json(stored));
                return 0;
            }
            ProgramImage image = stored.image().orElseThrow();
            Formats.row(out, "program", stored.id() + " (" + stored.name() + "), now at version " + stored.version());
            Formats.row(out, "image", image.mimeType() + ", " + image.width() + "x" + image.height() + ", "
                    + Formats.size(image.size()) + " (" + image.size() + " bytes)");
            Formats.row(out, "sha256", image.sha256());
            return 0;
        }
    }

    @Command(description = {"Write the program's master image (image get) or its PNG thumbnail (image thumbnail) to a "
        + "file, or to stdout with -o -.", "The file appears only once every byte arrived (and, for the image, matched "
        + "its SHA-256); an existing file of that name is replaced."})
    abstract static class Download extends ToolCommand {

        @Parameters(paramLabel = "PROGRAM", description = "The program's id or name.")
        String program;

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", required = true,
                description = "Where to write the bytes; '-' for stdout.")
        String output;

        @Option(names = "--quiet", description = "No progress bar.")
        boolean quiet;

        /** True for the PNG thumbnail, false for the master image. */
        abstract boolean thumbnail();

        @Override
        void checkUsage() {
            checkOutput(output);
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Path target = outputFile(output);
            ManageProgramsUseCase programs = ProgramCommand.programs(stowage);
            Program p = ProgramCommand.find(programs, program);
            ImageContent content = thumbnail() ? programs.openThumbnail(p.id()) : programs.openImage(p.id(), Optional.empty());
            ProgramImage image = content.image();
            String what = thumbnail() ? "thumbnail" : "image";
            // the thumbnail's size is not recorded: its bar counts bytes without a total
            long total = thumbnail() ? -1 : image.size();
            try (InputStream bytes = content.data();
                 ProgressBar bar = ProgressBar.forStderr(err, "downloading", total, ProgressBar.Unit.BYTES, quiet)) {
                DigestInputStream digesting = new DigestInputStream(new CountingInputStream(bytes, bar::advance), sha256());
                Runnable verify = () -> {
                    if (!thumbnail()) {
                        check(p, image, digesting);
                    }
                };
                if (target == null) {
                    OutputStream os = stdout();
                    digesting.transferTo(os);
                    os.flush();
                    verify.run();
                } else {
                    SafeFile.save(p.id().value().toLowerCase(Locale.ROOT) + "-" + what, digesting, target, verify);
                }
            } catch (IOException e) {
                throw new CommandFailure("cannot download the " + what + " of program " + p.id() + " to " + output + ": "
                        + Problems.of(e), e);
            }
            PrintWriter summary = target == null ? err : out;
            summary.println("Saved the " + what + " of program " + p.id() + " (" + p.name() + ") to "
                    + (target == null ? "stdout" : output) + ".");
            return 0;
        }

        private static void check(Program p, ProgramImage image, DigestInputStream bytes) {
            Sha256 actual = Sha256.of(bytes.getMessageDigest().digest());
            if (!actual.equals(image.sha256())) {
                throw new CommandFailure("the image of program " + p.id() + " read back with SHA-256 " + actual
                        + " but the program says " + image.sha256() + "; nothing was saved");
            }
        }

        private static MessageDigest sha256() {
            return Sha256.newDigest();
        }
    }

    @Command(name = "get")
    static final class Get extends Download {
        @Override
        boolean thumbnail() {
            return false;
        }
    }

    @Command(name = "thumbnail")
    static final class Thumbnail extends Download {
        @Override
        boolean thumbnail() {
            return true;
        }
    }
}
