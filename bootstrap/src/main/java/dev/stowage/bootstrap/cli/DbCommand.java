package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.out.DataFolders;
import dev.stowage.application.port.out.DatabaseAdmin;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointMode;
import dev.stowage.application.port.out.DatabaseAdmin.CheckpointResult;
import dev.stowage.application.port.out.DatabaseAdmin.DatabaseInfo;
import dev.stowage.adapter.out.postgres.PostgresSettings;
import dev.stowage.application.port.out.MetadataExport;
import dev.stowage.application.port.out.MetadataImport;
import dev.stowage.application.settings.InvalidSettingsException;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.error.StowageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stowage db}: the database administration commands. */
@Command(name = "db", description = "Administer the database: migrate, info, checkpoint, copy.",
        subcommands = {DbCommand.Migrate.class, DbCommand.Info.class, DbCommand.Checkpoint.class, DbCommand.Copy.class})
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

    /**
     * {@code db copy --to postgres}: every row of the configured (SQLite) database into a PostgreSQL
     * database, in one transaction there, so that the service can then run on
     * {@code stowage.database.backend = postgres} over the same blobs. The source is read in one
     * snapshot and never changed; the target is migrated first and must be empty unless
     * {@code --replace}. It takes the data folder's lock, as a restore in place does, so it is
     * refused while {@code serve} runs on the folder, and a {@code serve} started during the copy is
     * refused. Progress goes to stderr; the password is read from a file or {@code PGPASSWORD} and
     * never shown.
     */
    @Command(name = "copy", description = "Copy all metadata from the configured database into a PostgreSQL database. "
            + "Refused while a 'stowage serve' holds the data folder: stop it first. Blobs stay where they are.")
    static final class Copy implements Callable<Integer>, CommandFactory.UsesProcess {
        /** The engines a copy can write to. */
        enum Target { postgres }

        private Map<String, String> environment;

        @Spec
        CommandSpec spec;

        @Mixin
        ConfigOptions options;

        @Option(names = "--to", required = true, paramLabel = "ENGINE", description = "The target engine: ${COMPLETION-CANDIDATES}.")
        Target to;

        @Option(names = "--url", required = true, paramLabel = "JDBC_URL",
                description = "The target database, jdbc:postgresql://host:port/name (no password in it).")
        String url;

        @Option(names = "--user", required = true, paramLabel = "ROLE", description = "The role to log in as; it will own the tables.")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE",
                description = "A file holding the role's password (else PGPASSWORD, else none).")
        Path passwordFile;

        @Option(names = "--replace", description = "Delete the data the target already holds, in the same transaction.")
        boolean replace;

        @Override
        public void use(CommandFactory.Process process) {
            this.environment = process.environment();
        }

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean verbose = spec.root().commandLine().getParseResult() != null
                    && spec.root().commandLine().getParseResult().originalArgs().contains("--verbose");
            if (!verbose) {
                Logging.quiet();
            }
            try {
                PostgresSettings target = targetSettings(password());
                StowageConfig config = options.load(environment, Map.of());
                // the lock a running serve holds (a restore in place takes it too): refused while one
                // uses the folder, and held to the end so that none starts and writes meanwhile
                try (Stowage source = Stowage.databaseTools(config);
                     DataFolders.Held folder = source.instance(DataFolders.class).lock(config.dataDir())) {
                    source.start();
                    List<String> pending = source.instance(DatabaseAdmin.class).info().pendingMigrations();
                    if (!pending.isEmpty()) {
                        throw new ToolCommand.CommandFailure("the source database has pending migrations ("
                                + String.join(", ", pending) + "); run 'stowage db migrate' first");
                    }
                    try (Stowage postgres = Stowage.postgresDatabase(target)) {
                        postgres.start();
                        Map<String, Long> copied = postgres.instance(MetadataImport.class)
                                .importFrom(new ReportingExport(source.instance(MetadataExport.class), err), replace);
                        long rows = copied.values().stream().mapToLong(Long::longValue).sum();
                        copied.forEach((table, count) -> Formats.row(out, table, count + " rows"));
                        out.println("Copied " + rows + " rows in " + copied.size() + " tables to " + url + ". Set "
                                + "stowage.database.backend = postgres (same URL and user) to serve from it.");
                    }
                }
                return 0;
            } catch (StowageException | ToolCommand.CommandFailure e) {
                if (verbose) {
                    throw e;
                }
                err.println("stowage: " + e.getMessage());
                return 1;
            }
        }

        private PostgresSettings targetSettings(String password) {
            try {
                return new PostgresSettings(url, user, password, 2, Duration.ofSeconds(30), PostgresSettings.WakeUps.POLLING,
                        true);
            } catch (InvalidSettingsException e) {
                // names the option and what is wrong with it; the settings never echo a password
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }

        private String password() {
            if (passwordFile == null) {
                return environment.getOrDefault("PGPASSWORD", "");
            }
            try {
                // one line; the newline an editor or `echo` adds is not part of it
                return Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw new ToolCommand.CommandFailure("cannot read the password file " + passwordFile + ": " + e.getMessage());
            }
        }
    }

    /** An export that shows on stderr which table is being copied and how far it has come. */
    private static final class ReportingExport implements MetadataExport {
        private final MetadataExport source;
        private final PrintWriter err;

        ReportingExport(MetadataExport source, PrintWriter err) {
            this.source = source;
            this.err = err;
        }

        @Override
        public void exportTo(Sink sink) {
            ProgressBar[] bar = new ProgressBar[1];
            try {
                source.exportTo(new Sink() {
                    @Override
                    public void table(Table table) {
                        if (bar[0] != null) {
                            bar[0].close();
                        }
                        bar[0] = ProgressBar.forStderr(err, table.name(), table.rows(), ProgressBar.Unit.ENTRIES, false);
                        sink.table(table);
                    }

                    @Override
                    public void rows(List<Object[]> batch) {
                        sink.rows(batch);
                        bar[0].advance(batch.size());
                    }
                });
            } finally {
                if (bar[0] != null) {
                    bar[0].close();
                }
            }
        }
    }

    /** A size with its exact byte count: {@code 4.0 KiB (4096 bytes)}; under 1 KiB just {@code 512 B}. */
    static String size(long bytes) {
        return bytes < 1024 ? Formats.size(bytes) : Formats.size(bytes) + " (" + bytes + " bytes)";
    }
}
