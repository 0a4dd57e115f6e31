package dev.stowage.bootstrap.cli;

import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.bootstrap.config.StowageConfig;
import dev.stowage.domain.error.StowageException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The part every data command shares: load the configuration, open the stores and services
 * ({@link Stowage#tools}: no HTTP, no background work, safe beside a running service), run, close.
 *
 * <p>A refusal the user can act on (a Stowage error such as not found, or a {@link CommandFailure})
 * is one line on stderr and exit 1; with {@code --verbose} it is rethrown so that the command line
 * prints its stack trace too. Anything else is left to the command line's handler.
 */
abstract class ToolCommand implements Callable<Integer>, CommandFactory.UsesProcess {
    private CommandFactory.Process process;

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    /** The configuration the command runs with, once loaded (before {@link #run}). */
    StowageConfig config;

    @Override
    public final void use(CommandFactory.Process process) {
        this.process = process;
    }

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            checkUsage();
            if (!verbose()) {
                // A data command's output is its answer; the engine's start-up lines are noise here.
                Logging.quiet();
            }
            config = options.load(process.environment(), Map.of());
            try (Stowage stowage = open(config)) {
                if (startsStores()) {
                    stowage.start();
                }
                return run(stowage, out, err);
            }
        } catch (StowageException | CommandFailure e) {
            if (verbose()) {
                throw e;
            }
            err.println("stowage: " + e.getMessage());
            return 1;
        }
    }

    /** The assembly this command works on: the tools, which reclaim dead processes' leftovers at start. */
    Stowage open(StowageConfig config) {
        return Stowage.tools(config);
    }

    /** Checks combinations of options before anything is opened; throws {@link #usage} when wrong. */
    void checkUsage() {
    }

    /**
     * False for a command that must not open the database (a restore in place replaces it); the
     * use cases are still there, unstarted.
     */
    boolean startsStores() {
        return true;
    }

    /** Does the command's work; returns the exit code. */
    abstract int run(Stowage stowage, PrintWriter out, PrintWriter err);

    /** The process's standard output, for commands that write bytes there with {@code -o -}. */
    OutputStream stdout() {
        return process.stdout().get();
    }

    /** Checks {@code -o}'s value as usage: a file name, or {@code -} for standard output. */
    void checkOutput(String output) {
        if (output.isEmpty()) {
            throw usage("-o needs a file name, or '-' for stdout");
        }
    }

    /** The file {@code -o} names, made absolute; null for {@code -}, standard output. A folder is refused. */
    static Path outputFile(String output) {
        Path target = "-".equals(output) ? null : Path.of(output).toAbsolutePath();
        if (target != null && Files.isDirectory(target)) {
            throw new CommandFailure("cannot write " + output + ": it is a folder");
        }
        return target;
    }

    /** A usage error: picocli reports it like a parse error, with exit code 2. */
    ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private boolean verbose() {
        var parsed = spec.root().commandLine().getParseResult();
        return parsed != null && parsed.originalArgs().contains("--verbose");
    }

    /** A failure with a message for people, reported as one line and exit code 1. */
    static final class CommandFailure extends RuntimeException {
        CommandFailure(String message) {
            super(message);
        }

        CommandFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
