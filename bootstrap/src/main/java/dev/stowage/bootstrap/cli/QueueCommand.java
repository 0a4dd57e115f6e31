package dev.stowage.bootstrap.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stowage queue}: the job queue commands. */
@Command(name = "queue",
        description = {"Look at and steer job queues.",
            "Operator commands with direct access to the data folder; they may run while the service does."})
final class QueueCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static CommandLine commandLine(Map<String, String> environment) {
        CommandLine queue = new CommandLine(new QueueCommand());
        List.<Object>of(
                new QueueEnqueueCommand(environment),
                new QueueJobCommands.ListJobs(environment),
                new QueueJobCommands.Show(environment),
                new QueueAdminCommands.Stats(environment),
                new QueueJobCommands.Cancel(environment),
                new QueueJobCommands.Retry(environment),
                new QueueAdminCommands.Pause(environment),
                new QueueAdminCommands.Resume(environment),
                new QueueAdminCommands.Purge(environment),
                new QueueAdminCommands.Settings(environment)).forEach(queue::addSubcommand);
        return Converters.registerAll(queue);
    }
}
