package dev.stowage.bootstrap.cli;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.out.JobStore.Inserted;
import dev.stowage.bootstrap.assembly.Stowage;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.TemplateName;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code stowage queue enqueue}: one job, from options or from a saved template. */
@Command(name = "enqueue",
        description = {"Put a job on QUEUE and print its id.",
            "With --dedup-key the enqueue is idempotent: while an unfinished job of the queue has that key, "
                + "its id is printed and nothing new is enqueued.",
            "With --template the template's payload, priority and attempts are the defaults; the options given "
                + "here override them, and --payload's keys are merged over the template's."})
final class QueueEnqueueCommand extends ToolCommand {

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
