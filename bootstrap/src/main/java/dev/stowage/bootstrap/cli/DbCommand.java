package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.DatabaseAdmin.DatabaseInfo;
import dev.stowage.bootstrap.assembly.Stowage;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stowage db}: the database administration commands. */
@Command(name = "db", description = "Administer the database: migrate, info, checkpoint.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Checkpoint.class})
final class DbCommand extends CommandGroup {
    /** The part every {@code db} subcommand shares: open the engine alone, run, close. */
    abstract static class DbSubcommand implements Callable<Integer>, CommandFactory.UsesProcess {
        private Map<String, String> environment;

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Override
        public final void use(CommandFactory.Process process) {
            this.environment = process.environment();
        }

        @Override
        public Integer call() {
            try (Stowage db = Stowage.databaseTools(options.load(environment, Map.of()))) {
                db.start();
                return run(db.instance(DatabaseAdmin.class), spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract int run(DatabaseAdmin admin, PrintWriter out, PrintWriter err);
    }

    @Command(name = "migrate", description = "Apply pending schema migrations. Safe to run again.")
    static final class Migrate extends DbSubcommand {
        @Override
        int run(DatabaseAdmin admin, PrintWriter out, PrintWriter err) {
            List<String> applied = admin.migrate();
            String version = admin.info().schemaVersion();
            if (applied.isEmpty()) {
                out.println("Schema is up to date at version " + version + ".");
            } else {
                out.println("Applied " + applied.size() + " migration(s): " + String.join(", ", applied)
                        + ". Schema is at version " + version + ".");
            }
            return 0;
        }
    }

    @Command(name = "info", description = "Show the schema version, pending migrations and file sizes.")
    static final class Info extends DbSubcommand {
        @Override
        int run(DatabaseAdmin admin, PrintWriter out, PrintWriter err) {
            DatabaseInfo info = admin.info();
            Formats.row(out, "schema version", info.schemaVersion());
            Formats.row(out, "pending migrations", info.pendingMigrations().isEmpty()
                    ? "none" : String.join(", ", info.pendingMigrations()));
            Formats.row(out, "database", info.databasePath());
            Formats.row(out, "database size", size(info.databaseBytes()));
            Formats.row(out, "WAL size", size(info.walBytes()));
            Formats.row(out, "journal mode", info.journalMode());
            Formats.row(out, "synchronous", info.synchronous());
            return 0;
        }
    }

    @Command(name = "checkpoint",
            description = "Copy the write-ahead log into the database file and truncate it.")
    static final class Checkpoint extends DbSubcommand {
        @Override
        int run(DatabaseAdmin admin, PrintWriter out, PrintWriter err) {
            CheckpointResult result = admin.checkpoint(CheckpointMode.TRUNCATE);
            if (result.busy()) {
                err.println("stowage: checkpoint incomplete: the database is busy (copied " + result.copied()
                        + " of " + result.walPages() + " WAL pages); run it again when the service is idle");
                return 1;
            }
            out.println("Checkpoint complete: copied " + result.copied() + " of " + result.walPages()
                    + " WAL pages; the WAL is empty.");
            return 0;
        }
    }

    /** A size with its exact byte count: {@code 4.0 KiB (4096 bytes)}; under 1 KiB just {@code 512 B}. */
    static String size(long bytes) {
        return bytes < 1024 ? Formats.size(bytes) : Formats.size(bytes) + " (" + bytes + " bytes)";
    }
}
