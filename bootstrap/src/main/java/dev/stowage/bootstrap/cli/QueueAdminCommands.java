package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobStats;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage queue stats|pause|resume|purge|settings}: whole queues. */
final class QueueAdminCommands {

    private QueueAdminCommands() {
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
