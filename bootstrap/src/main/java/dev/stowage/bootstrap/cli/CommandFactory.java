package dev.stowage.bootstrap.cli;

import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.IFactory;

/**
 * Makes every object picocli asks for (commands, mixins, converters) with picocli's own factory,
 * then hands the commands that open the data folder what they need from the process: its
 * environment (for {@code STOWAGE_*} overrides) and its standard output (for {@code -o -}). The
 * commands themselves are declared with {@code subcommands = {...}} and need no constructors.
 */
final class CommandFactory implements IFactory {
    private final IFactory picocli = CommandLine.defaultFactory();
    private final Process process;

    CommandFactory(Process process) {
        this.process = Objects.requireNonNull(process, "process");
    }

    @Override
    public <K> K create(Class<K> type) throws Exception {
        K made = picocli.create(type);
        if (made instanceof UsesProcess command) {
            command.use(process);
        }
        return made;
    }

    /**
     * What a command gets from the process it runs in.
     *
     * @param environment the environment variables, for {@code STOWAGE_*} overrides
     * @param stdout where {@code -o -} writes bytes: the process's standard output, looked up when written
     */
    record Process(Map<String, String> environment, Supplier<OutputStream> stdout) {
        Process {
            environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
            Objects.requireNonNull(stdout, "stdout");
        }
    }

    /** A command that reads the process's environment or writes to its standard output. */
    interface UsesProcess {
        /** Called once, right after the command is made and before it is parsed into. */
        void use(Process process);
    }
}
