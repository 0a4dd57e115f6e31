package dev.stowage.bootstrap.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code stowage queue}: the job queue commands. */
@Command(name = "queue",
        description = {"Look at and steer job queues.",
            "Operator commands with direct access to the data folder; they may run while the service does."},
        subcommands = {QueueEnqueueCommand.class, QueueJobCommands.ListJobs.class, QueueJobCommands.Show.class,
            QueueAdminCommands.Stats.class, QueueJobCommands.Cancel.class, QueueJobCommands.Retry.class,
            QueueAdminCommands.Pause.class, QueueAdminCommands.Resume.class, QueueAdminCommands.Purge.class,
            QueueAdminCommands.Settings.class})
final class QueueCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

}
