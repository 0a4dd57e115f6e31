package dev.stowage.bootstrap.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code stowage}: the top-level command; alone it prints the usage. */
@Command(name = "stowage",
        description = "Durable storage for applications: job queue, documents, programs, backups.",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        scope = ScopeType.INHERIT)
final class StowageCommand extends CommandGroup {
    /**
     * The subcommands, by name, in the order the usage lists them. They are added by {@link Cli}
     * rather than named in the annotation, so that a launch builds only the one it runs.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(ServeCommand.class, DbCommand.class,
            QueueCommand.class, ImportCommand.class, DocCommand.class, ProgramCommand.class, FsckCommand.class,
            TokenCommand.class, BackupCommand.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;

    private static Map<String, Class<?>> subcommands(Class<?>... commands) {
        var byName = new LinkedHashMap<String, Class<?>>();
        for (Class<?> command : commands) {
            byName.put(command.getAnnotation(Command.class).name(), command);
        }
        return Collections.unmodifiableMap(byName);
    }
}
