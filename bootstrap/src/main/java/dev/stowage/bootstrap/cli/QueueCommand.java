package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.Page;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage queue}: the job queue commands. */
@Command(name = "queue",
        description = {"Look at and steer job queues.",
            "Operator commands with direct access to the data folder; they may run while the service does."},
        subcommands = {QueueCommand.Enqueue.class, QueueCommand.ListJobs.class, QueueCommand.Show.class,
            QueueCommand.Stats.class, QueueCommand.Cancel.class, QueueCommand.Retry.class,
            QueueCommand.Pause.class, QueueCommand.Resume.class, QueueCommand.Purge.class,
            QueueCommand.Settings.class})
final class QueueCommand extends CommandGroup {
    /** {@code stowage queue enqueue}: one job, from options or from a saved template. */
    @Command(name = "enqueue",
            description = {"Put a job on QUEUE and print its id.",
                "With --dedup-key the enqueue is idempotent: while an unfinished job of the queue has that key, "
                    + "its id is printed and nothing new is enqueued.",
                "With --template the template's payload, priority and attempts are the defaults; the options given "
                    + "here override them, and --payload's keys are merged over the template's."})
    static final class Enqueue extends ToolCommand {

        @Parameters(index = "0", paramLabel = "QUEUE", description = "The queue's name.")
        QueueName queue;

        @Parameters(index = "1", paramLabel = "TYPE", description = "The job type (workers pick a handler by it).")
        JobType type;

        @Option(names = "--payload", paramLabel = "JSON", description = "The job's payload (default: {}).")
        String payload;

        @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the payload from FILE (UTF-8 JSON).")
        Path payloadFile;

        @Option(names = "--priority", paramLabel = "N", description = "Higher runs first, -1000 to 1000 (default 0).")
        Integer priority;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before it fails (default: the queue's).")
        Integer maxAttempts;

        @Option(names = "--delay", paramLabel = "DURATION", description = "Not before this long from now (30s, 5m, 2h, 7d, PT1H).")
        Duration delay;

        @Option(names = "--run-at", paramLabel = "ISO", description = "Not before this instant, e.g. 2030-01-01T09:00:00Z.")
        Instant runAt;

        @Option(names = "--dedup-key", paramLabel = "K", description = "Enqueue only if no unfinished job of the queue has this key.")
        String dedupKey;

        @Option(names = "--template", paramLabel = "NAME", description = "Start from this saved job template.")
        TemplateName template;

        @Option(names = "--json", description = "Print {\"id\":..., \"created\":...} instead.")
        boolean json;

        @Override
        void checkUsage() {
            if (payload != null && payloadFile != null) {
                throw usage("--payload and --payload-file are mutually exclusive");
            }
            if (delay != null && runAt != null) {
                throw usage("--delay and --run-at are mutually exclusive");
            }
            if (payload != null) {
                try {
                    JsonText.of(payload, JsonText.DEFAULT_MAX_CHARS, "--payload");
                } catch (InvalidInputException e) {
                    throw usage(e.getMessage());
                }
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            EnqueueCommand command = new EnqueueCommand(queue, type, payload(),
                    Optional.ofNullable(priority), Optional.ofNullable(maxAttempts),
                    runAt(stowage.instance(Clock.class)), Optional.ofNullable(dedupKey), Optional.empty());
            EnqueueJobsUseCase enqueue = stowage.instance(EnqueueJobsUseCase.class);
            Inserted inserted = template == null ? enqueue.enqueue(command)
                    : enqueue.enqueueFromTemplate(template, Optional.of(command));
            Job job = inserted.job();
            if (json) {
                JsonOut.print(out, JsonOut.object("id", job.id(), "created", inserted.created(), "queue", job.queue(),
                        "state", job.state()));
            } else if (inserted.created()) {
                out.println(job.id());
                err.println("Enqueued job " + job.id() + " on queue '" + job.queue() + "' (type " + job.type()
                        + (job.runAt().isAfter(job.createdAt()) ? ", due " + Formats.time(job.runAt()) : "") + ").");
            } else {
                out.println(job.id());
                err.println("Job " + job.id() + " already exists with dedup key '" + job.dedupKey().orElse("")
                        + "' (" + job.state().name().toLowerCase(java.util.Locale.ROOT) + "); nothing new was enqueued.");
            }
            return 0;
        }

        private JsonText payload() {
            if (payloadFile == null) {
                return payload == null ? JsonText.emptyObject() : JsonText.of(payload, JsonText.DEFAULT_MAX_CHARS, "--payload");
            }
            try {
                return JsonText.of(Files.readString(payloadFile, StandardCharsets.UTF_8), JsonText.DEFAULT_MAX_CHARS,
                        "payload file " + payloadFile);
            } catch (IOException e) {
                throw new CommandFailure("cannot read the payload file " + payloadFile + ": " + Problems.of(e));
            }
        }

        private Optional<Instant> runAt(Clock clock) {
            if (delay != null) {
                return Optional.of(clock.instant().plus(delay));
            }
            return Optional.ofNullable(runAt);
        }
    }

    @Command(name = "list", description = {"List jobs, newest first, one page at a time.",
        "Prints the cursor of the next page when there is one; pass it to --cursor."})
    static final class ListJobs extends PagedCommand {
        @Option(names = "--queue", paramLabel = "Q", description = "Only this queue.")
        QueueName queue;

        @Option(names = "--state", paramLabel = "S", split = ",",
                description = "Only these states (repeat or comma-separate): pending, running, completed, failed, cancelled.")
        List<JobState> states = List.of();

        @Option(names = "--type", paramLabel = "T", description = "Only this job type.")
        JobType type;

        @Option(names = "--since", paramLabel = "DURATION", description = "Only jobs created this long ago or later (1h, 7d, PT30M).")
        Duration since;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            JobFilter filter = new JobFilter(Optional.ofNullable(queue),
                    states.isEmpty() ? EnumSet.noneOf(JobState.class) : EnumSet.copyOf(states),
                    Optional.ofNullable(type),
                    Optional.ofNullable(since).map(d -> stowage.instance(Clock.class).instant().minus(d)),
                    Optional.empty());
            Page<Job> page = stowage.instance(ManageJobsUseCase.class)
                    .list(filter, paging.request());
            return JobViews.LISTING.page(out, page, paging.json);
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

    @Command(name = "stats", description = "Counts by state now, and throughput, durations and success rate over a window.")
    static final class Stats extends ToolCommand {
        @Parameters(paramLabel = "QUEUE", arity = "0..1", description = "One queue (default: all).")
        QueueName queue;

        @Option(names = "--window", paramLabel = "DURATION", defaultValue = "PT1H",
                description = "The window the rates and durations cover (default ${DEFAULT-VALUE}; 30m, 1d, PT6H).")
        Duration window;

        @Option(names = "--json", description = "Print the figures as JSON.")
        boolean json;

        @Override
        void checkUsage() {
            if (window.isZero()) {
                throw usage("--window must be longer than 0");
            }
        }

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            JobStats s = stowage.instance(ManageJobsUseCase.class).stats(Optional.ofNullable(queue), window);
            var counts = new LinkedHashMap<String, Object>();
            for (JobState state : JobState.values()) {
                counts.put(JobViews.state(state), s.countsByState().get(state));
            }
            if (json) {
                JsonOut.print(out, JsonOut.object("queue", s.queue(), "windowStart", s.windowStart(),
                        "windowEnd", s.windowEnd(), "counts", counts, "finishedInWindow", s.finishedInWindow(),
                        "completedInWindow", s.completedInWindow(), "throughputPerSecond", s.throughputPerSecond(),
                        "meanDurationMillis", s.meanDuration().map(Duration::toMillis),
                        "p95DurationMillis", s.p95Duration().map(Duration::toMillis), "successRate", s.successRate()));
                return 0;
            }
            Formats.row(out, "queue", s.queue().map(QueueName::toString).orElse("(all)"));
            Formats.row(out, "window", Formats.time(s.windowStart()) + " to " + Formats.time(s.windowEnd()));
            counts.forEach((state, n) -> Formats.row(out, state, n));
            Formats.row(out, "finished in window", s.finishedInWindow());
            Formats.row(out, "completed in window", s.completedInWindow());
            Formats.row(out, "throughput", String.format(Locale.ROOT, "%.2f jobs/min", s.throughputPerSecond() * 60));
            Formats.row(out, "mean duration", s.meanDuration().map(Durations::format).orElse("-"));
            Formats.row(out, "p95 duration", s.p95Duration().map(Durations::format).orElse("-"));
            Formats.row(out, "success rate", s.successRate()
                    .map(r -> String.format(Locale.ROOT, "%.1f%%", r * 100)).orElse("-"));
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

    @Command(name = "pause", description = "Stop QUEUE handing out jobs; running jobs go on and enqueueing still works.")
    static final class Pause extends ToolCommand {
        @Parameters(paramLabel = "QUEUE")
        QueueName queue;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            stowage.instance(AdministerQueuesUseCase.class).pause(queue);
            out.println("Queue '" + queue + "' is paused.");
            return 0;
        }
    }

    @Command(name = "resume", description = "Let QUEUE hand out jobs again.")
    static final class Resume extends ToolCommand {
        @Parameters(paramLabel = "QUEUE")
        QueueName queue;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            stowage.instance(AdministerQueuesUseCase.class).resume(queue);
            out.println("Queue '" + queue + "' is running.");
            return 0;
        }
    }

    @Command(name = "purge", description = {"Apply retention now: delete finished jobs (completed, failed, cancelled) "
        + "that finished longer ago than --older-than, in small batches.", "Prints how many were deleted."})
    static final class Purge extends ToolCommand {
        @Option(names = "--older-than", paramLabel = "DURATION", required = true,
                description = "Age of the finished jobs to delete (30d, 12h, P7D).")
        Duration olderThan;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            long deleted = stowage.instance(ManageJobsUseCase.class).purgeFinishedOlderThan(olderThan);
            out.println("Deleted " + deleted + " finished job(s) older than " + Durations.format(olderThan) + ".");
            return 0;
        }
    }

    @Command(name = "settings", description = {"Show a queue's settings, or change them with the options.",
        "Options left out keep their current value."})
    static final class Settings extends ToolCommand {
        @Parameters(paramLabel = "QUEUE")
        QueueName queue;

        @Option(names = "--max-concurrency", paramLabel = "N",
                description = "At most N of the queue's jobs run at once (1-" + QueueSettings.MAX_CONCURRENCY_LIMIT + ").")
        Integer maxConcurrency;

        @Option(names = "--max-attempts", paramLabel = "N",
                description = "Attempts a job gets when its enqueue does not say (1-" + QueueSettings.MAX_ATTEMPTS_LIMIT + ").")
        Integer maxAttempts;

        @Option(names = "--lease", paramLabel = "DURATION",
                description = "How long a claim lasts without a heartbeat (100ms to 1d; 30s, 5m).")
        Duration lease;

        @Option(names = "--json", description = "Print the settings as JSON.")
        boolean json;

        @Override
        int run(Stowage stowage, PrintWriter out, PrintWriter err) {
            AdministerQueuesUseCase admin = stowage.instance(AdministerQueuesUseCase.class);
            boolean change = maxConcurrency != null || maxAttempts != null || lease != null;
            // the options change only their own fields, on the settings current inside the write
            QueueSettings shown = !change ? admin.settings(queue) : admin.changeSettings(queue, current ->
                    new QueueSettings(queue, current.paused(),
                            maxConcurrency != null ? maxConcurrency : current.maxConcurrency(),
                            maxAttempts != null ? maxAttempts : current.defaultMaxAttempts(),
                            current.backoff(),
                            lease != null ? lease : current.leaseDuration()));
            if (json) {
                JsonOut.print(out, JobViews.json(shown));
            } else {
                if (change) {
                    err.println("Settings of queue '" + queue + "' updated.");
                }
                JobViews.settings(out, shown);
            }
            return 0;
        }
    }
}
