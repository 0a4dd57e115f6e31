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
     * rather than named in the annotation, so that a launch builds only the one it runs. The names
     * are written out rather than read from each class's annotation, which would parse all nine at
     * every launch; {@code CliTest} checks that they agree.
     */
    static final Map<String, Class<?>> SUBCOMMANDS = subcommands(
            "serve", ServeCommand.class, "db", DbCommand.class, "queue", QueueCommand.class,
            "import", ImportCommand.class, "doc", DocCommand.class, "program", ProgramCommand.class,
            "fsck", FsckCommand.class, "token", TokenCommand.class, "backup", BackupCommand.class);

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace as well as the message.")
    boolean verbose;

    private static Map<String, Class<?>> subcommands(Object... nameThenClass) {
        var byName = new LinkedHashMap<String, Class<?>>();
        for (int i = 0; i < nameThenClass.length; i += 2) {
            byName.put((String) nameThenClass[i], (Class<?>) nameThenClass[i + 1]);
        }
        return Collections.unmodifiableMap(byName);
    }
}
