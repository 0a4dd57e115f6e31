package dev.stowage.bootstrap.cli;

import dev.stowage.bootstrap.config.InvalidConfigException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The {@code stowage} command line. Exit codes: 0 success, 1 failure (one line on stderr, the
 * stack trace too with {@code --verbose}), 2 bad usage.
 */
public final class Cli {
    private final Map<String, String> environment;

    /** @param environment the process environment, for {@code STOWAGE_*} overrides */
    public Cli(Map<String, String> environment) {
        this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    }

    /** The configured command line with every command, writing to {@code out} and {@code err}. */
    public CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, StowageCommand.SUBCOMMANDS.keySet());
    }

    /**
     * The command line for {@code args}: when the first argument names a command, only that
     * command's tree is built. Building all of them made picocli reflect over some sixty command
     * classes and load the domain types their options name at every launch, {@code serve}'s
     * start-up included. Anything else ({@code --help}, a typo that deserves a suggestion) gets
     * every command.
     */
    CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        if (args.length > 0 && StowageCommand.SUBCOMMANDS.containsKey(args[0])) {
            return commandLine(out, err, Set.of(args[0]));
        }
        return commandLine(out, err);
    }

    private CommandLine commandLine(PrintWriter out, PrintWriter err, Set<String> commands) {
        var process = new CommandFactory.Process(environment, () -> System.out);
        var factory = new CommandFactory(process);
        CommandLine cli = new CommandLine(StowageCommand.class, factory);
        StowageCommand.SUBCOMMANDS.forEach((name, type) -> {
            if (commands.contains(name)) {
                cli.addSubcommand(name, new CommandLine(type, factory));
            }
        });
        Converters.registerAll(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(executionFailure());
        cli.setParameterExceptionHandler(usageError());
        return cli;
    }

    /**
     * Writes out the queued log lines and closes the log appenders; for the process's last moments
     * (the {@code serve} command does it in its own shutdown hook).
     */
    public static void flushLogs() {
        Logging.flush();
    }

    /** Runs {@code args} and returns the exit code. */
    public int run(String[] args, PrintWriter out, PrintWriter err) {
        try {
            return execute(commandLine(out, err, args), args);
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static IExecutionExceptionHandler executionFailure() {
        return (Exception e, CommandLine cmd, ParseResult parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof InvalidConfigException invalid) {
                invalid.problems().forEach(p -> err.println("stowage: invalid configuration: " + p));
            } else {
                err.println("stowage: " + describe(e));
            }
            if (verbose(parsed)) {
                e.printStackTrace(err);
            } else if (!(e instanceof InvalidConfigException)) {
                err.println("(run again with --verbose for details)");
            }
            return 1;
        };
    }

    private static IParameterExceptionHandler usageError() {
        return (ParameterException e, String[] args) -> {
            CommandLine cmd = e.getCommandLine();
            cmd.getErr().println("stowage: " + e.getMessage() + " (see '"
                    + cmd.getCommandSpec().qualifiedName() + " --help')");
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        };
    }

    private static boolean verbose(ParseResult parsed) {
        return parsed != null && parsed.originalArgs().contains("--verbose");
    }

    /** Executes a configured command line; running out of memory is one line on its stderr and exit 1. */
    static int execute(CommandLine cli, String[] args) {
        try {
            return cli.execute(args);
        } catch (OutOfMemoryError e) {
            // picocli hands errors on untouched; a user gets one line, not a trace. By now the command has
            // unwound, so what filled the heap can be collected and this line printed.
            cli.getErr().println("stowage: " + outOfMemory());
            return 1;
        }
    }

    /** What to tell a user whose command ran out of memory. */
    static String outOfMemory() {
        return "ran out of memory (maximum heap " + (Runtime.getRuntime().maxMemory() >> 20)
                + " MiB); run it with a larger heap, for example java -Xmx1g -jar stowage.jar ...";
    }

    /** The message of the failure, or of its first cause that has one. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }
}
