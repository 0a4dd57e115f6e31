package dev.stowage.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code stowage}: the top-level command; alone it prints the usage. */
@Command(name = "stowage",
        description = "Durable storage for applications: job queue, documents, programs, backups.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT,
        subcommands = {ServeCommand.class, DbCommand.class, QueueCommand.class, ImportCommand.class, DocCommand.class,
            ProgramCommand.class, FsckCommand.class, TokenCommand.class, BackupCommand.class})
final class StowageCommand extends CommandGroup {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;
}
