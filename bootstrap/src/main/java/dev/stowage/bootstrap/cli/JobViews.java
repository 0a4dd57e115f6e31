package dev.stowage.bootstrap.cli;

import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueSettings;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;

/** How jobs and queue settings are shown, for people and as JSON. */
final class JobViews {

    private JobViews() {
    }

    static String state(JobState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** How {@code queue list} prints a page of jobs. */
    static final Listing<Job> LISTING = Listing.of("No jobs.", JobViews::json,
            j -> new Object[] {j.id(), j.queue(), j.type(), state(j.state()) + (j.cancelRequested() && !j.state().isTerminal() ? " (cancelling)" : ""),
                j.attempts() + "/" + j.maxAttempts(), j.progress().percent() + "%", Formats.time(j.createdAt())},
            "ID", "QUEUE", "TYPE", "STATE", "ATTEMPTS", "PROGRESS", "CREATED");

    /** Every field, one per line; payload and result as their JSON text. */
    static void details(PrintWriter out, Job j) {
        Formats.row(out, "id", j.id());
        Formats.row(out, "queue", j.queue());
        Formats.row(out, "type", j.type());
        Formats.row(out, "state", state(j.state()) + (j.cancelRequested() ? " (cancel requested)" : ""));
        Formats.row(out, "priority", j.priority());
        Formats.row(out, "attempts", j.attempts() + " of " + j.maxAttempts());
        Formats.row(out, "run at", Formats.time(j.runAt()));
        Formats.row(out, "lease", j.lease().map(l -> l.worker().toString() + " until " + Formats.time(l.expiresAt())).orElse("-"));
        Formats.row(out, "progress", j.progress().percent() + "%" + (j.progress().message().isEmpty() ? "" : " " + j.progress().message()));
        Formats.row(out, "created", Formats.time(j.createdAt()));
        Formats.row(out, "started", Formats.time(j.startedAt()));
        Formats.row(out, "finished", Formats.time(j.finishedAt()));
        Formats.row(out, "estimated duration", j.estimatedDuration().map(Durations::format).orElse("-"));
        Formats.row(out, "actual duration", j.actualDuration().map(Durations::format).orElse("-"));
        Formats.row(out, "dedup key", j.dedupKey().orElse("-"));
        Formats.row(out, "external ref", j.externalRef().orElse("-"));
        Formats.row(out, "payload", j.payload().json());
        Formats.row(out, "result", j.result().map(r -> r.json()).orElse("-"));
        Formats.row(out, "last error", j.lastError().orElse("-"));
    }

    static Map<String, Object> json(Job j) {
        return JsonOut.object(
                "id", j.id(), "queue", j.queue(), "type", j.type(), "state", state(j.state()),
                "priority", j.priority(), "attempts", j.attempts(), "maxAttempts", j.maxAttempts(),
                "runAt", j.runAt(),
                "lease", j.lease().map(l -> JsonOut.object("id", l.id(), "worker", l.worker(), "expiresAt", l.expiresAt())),
                "progress", JsonOut.object("percent", j.progress().percent(), "message", j.progress().message()),
                "cancelRequested", j.cancelRequested(),
                "createdAt", j.createdAt(), "startedAt", j.startedAt(), "finishedAt", j.finishedAt(),
                "estimatedDurationMillis", j.estimatedDuration().map(d -> d.toMillis()),
                "actualDurationMillis", j.actualDuration().map(d -> d.toMillis()),
                "dedupKey", j.dedupKey(), "externalRef", j.externalRef(),
                "payload", j.payload(), "result", j.result(), "lastError", j.lastError());
    }

    static void settings(PrintWriter out, QueueSettings s) {
        Formats.row(out, "queue", s.queue());
        Formats.row(out, "paused", s.paused() ? "yes" : "no");
        Formats.row(out, "max concurrency", s.maxConcurrency());
        Formats.row(out, "max attempts", s.defaultMaxAttempts());
        Formats.row(out, "lease", Durations.format(s.leaseDuration()));
        Formats.row(out, "backoff", Durations.format(s.backoff().initial()) + " x" + s.backoff().multiplier() + " up to "
                + Durations.format(s.backoff().max()) + ", jitter " + s.backoff().jitter());
    }

    static Map<String, Object> json(QueueSettings s) {
        return JsonOut.object("queue", s.queue(), "paused", s.paused(), "maxConcurrency", s.maxConcurrency(),
                "maxAttempts", s.defaultMaxAttempts(), "leaseMillis", s.leaseDuration().toMillis(),
                "backoff", JsonOut.object("initialMillis", s.backoff().initial().toMillis(),
                        "multiplier", s.backoff().multiplier(), "maxMillis", s.backoff().max().toMillis(),
                        "jitter", s.backoff().jitter()));
    }
}
