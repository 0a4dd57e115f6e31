package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage queue list|show|cancel|retry}: jobs one page or one job at a time. */
final class QueueJobCommands {

    private QueueJobCommands() {
    }

    @Command(name = "list", description = {"List jobs, newest first, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor."})
    static final class ListJobs extends ToolCommand {
        @Option(names = "--queue", paramLabel = "Q", description = "Only this queue.")
        QueueName queue;

        @Option(names = "--state", paramLabel = "S", split = ",",
                description = "Only these states (repeat or comma-separate): pending, running, completed, failed, cancelled.")
        List<JobState> states = List.of();

        @Option(names = "--type", paramLabel = "T", description = "Only this job type.")
        JobType type;

        @Option(names = "--since", paramLabel = "DURATION", description = "Only jobs created this long ago or later (1h, 7d, PT30M).")
        Duration since;

        @Mixin
        PageOptions paging;


        @Override
        void checkUsage() {
            paging.problem().ifPresent(p -> {
                throw usage(p);
            });
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            JobFilter filter = new JobFilter(Optional.ofNullable(queue),
                    states.isEmpty() ? EnumSet.noneOf(JobState.class) : EnumSet.copyOf(states),
                    Optional.ofNullable(type),
                    Optional.ofNullable(since).map(d -> stowage.instance(Clock.class).instant().minus(d)),
                    Optional.empty());
            Page<Job> page = stowage.instance(ManageJobsUseCase.class)
                    .list(filter, paging.request());
            if (paging.json) {
                JsonOut.print(out, JsonOut.object("items", page.items().stream().map(JobViews::json).toList(),
                        "next", page.next()));
                return 0;
            }
            if (page.items().isEmpty()) {
                out.println("No jobs.");
            } else {
                Table t = JobViews.table();
                page.items().forEach(j -> JobViews.addRow(t, j));
                t.print(out);
            }
            page.next().ifPresent(c -> out.println("next cursor: " + c));
            return 0;
        }
    }

    @Command(name = "show", description = "Show every field of a job, its payload, result and last error included.")
    static final class Show extends ToolCommand {
        @Parameters(paramLabel = "JOB_ID")
        JobId id;

        @Option(names = "--json", description = "Print the job as JSON.")
        boolean json;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Job job = stowage.instance(ManageJobsUseCase.class).get(id);
            if (json) {
                JsonOut.print(out, JobViews.json(job));
            } else {
                JobViews.details(out, job);
            }
            return 0;
        }
    }

    @Command(name = "cancel", description = {"Cancel a job.",
        "A pending job is cancelled at once; a running one is flagged and its worker stops at its next heartbeat."})
    static final class Cancel extends ToolCommand {
        @Parameters(paramLabel = "JOB_ID")
        JobId id;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Job job = stowage.instance(ManageJobsUseCase.class).cancel(id);
            if (job.state() == JobState.CANCELLED) {
                out.println("Job " + job.id() + " is cancelled.");
            } else {
                out.println("Job " + job.id() + " is " + JobViews.state(job.state())
                        + "; cancel requested, its worker stops at its next heartbeat.");
            }
            return 0;
        }
    }

    @Command(name = "retry", description = "Put a failed or cancelled job back to pending, due now, with its attempts reset.")
    static final class Retry extends ToolCommand {
        @Parameters(paramLabel = "JOB_ID")
        JobId id;


        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            Job job = stowage.instance(ManageJobsUseCase.class).retry(id);
            out.println("Job " + job.id() + " is " + JobViews.state(job.state()) + " again on queue '" + job.queue() + "'.");
            return 0;
        }
    }
}
