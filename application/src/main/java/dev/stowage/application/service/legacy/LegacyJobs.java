package dev.stowage.application.service.legacy;

import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns one job entry of a queue state file into a Stowage job, altering nothing silently: what the
 * job cannot hold as written goes into its payload's {@code legacy} object.
 *
 * <p>The payload is {@code stl_path}, {@code output_folder}, {@code render_options} and
 * {@code validation_options} (the global options with the job's own over them), and {@code legacy}:
 * the entry's {@code id} and {@code state} as written; its {@code progress}, {@code started_at} and
 * {@code actual_duration} when the job does not hold them exactly (a job that was processing comes
 * back pending, a progress with a fraction, a duration finer than the whole-second times); and every
 * member of the entry this importer does not know, as written.
 */
final class LegacyJobs {
    private static final Set<String> KNOWN = Set.of("id", "stl_path", "output_folder", "state", "progress",
            "created_at", "started_at", "completed_at", "estimated_duration", "actual_duration", "render_options",
            "validation_options", "results", "error_message");

    private LegacyJobs() {
    }

    /** The entry's id, or empty when it has no readable one. */
    static Optional<String> idOf(Object entry) {
        return entry instanceof Map<?, ?> m && m.get("id") instanceof String s ? Optional.of(s) : Optional.empty();
    }

    /** The job for one entry; {@code id} is the job's new Stowage id. */
    static ImportedJob from(Fields f, String ref, JobId id, QueueName queue, JobType type, int maxAttempts,
                    Map<String, Object> globalRender, Map<String, Object> globalValidation, Instant now) {
        String legacyId = f.requiredString("id");
        String stl = f.requiredString("stl_path");
        if (stl.isBlank()) {
            throw new InvalidInputException("stl_path must not be empty");
        }
        String legacyState = f.requiredString("state");
        JobState state = switch (legacyState) {
            case "pending", "processing" -> JobState.PENDING;
            case "completed" -> JobState.COMPLETED;
            case "failed" -> JobState.FAILED;
            case "cancelled" -> JobState.CANCELLED;
            default -> throw new InvalidInputException("state '" + legacyState
                    + "' is not one of pending, processing, completed, failed, cancelled");
        };
        BigDecimal pct = f.optionalNumber("progress").orElse(BigDecimal.ZERO);
        if (pct.compareTo(BigDecimal.ZERO) < 0 || pct.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new InvalidInputException("progress " + pct + " is not between 0 and 100");
        }
        Instant created = f.optionalInstant("created_at").orElseThrow(() -> new InvalidInputException("created_at is missing"));
        Optional<Instant> started = f.optionalInstant("started_at");
        Optional<Instant> completed = f.optionalInstant("completed_at");
        Optional<Duration> estimated = f.optionalSeconds("estimated_duration");
        Optional<Duration> actual = f.optionalSeconds("actual_duration");
        Optional<JsonText> result = Optional.ofNullable(f.raw("results")).map(r -> {
            Fields.of(r, "results");
            return new JsonText(Json.write(r));
        });
        Optional<String> error = f.optionalString("error_message");
        boolean finished = state.isTerminal();
        if (finished && completed.isEmpty()) {
            throw new InvalidInputException("a " + legacyState + " job needs completed_at");
        }
        if (finished && started.isPresent() && completed.get().isBefore(started.get())) {
            throw new InvalidInputException("completed_at " + completed.get() + " is before started_at " + started.get());
        }

        // A job that was processing when the file was written never finished: it runs again from the start,
        // and what it had done is kept in legacy.
        boolean rerun = legacyState.equals("processing");
        int percent = pct.setScale(0, RoundingMode.HALF_UP).intValueExact();
        var legacy = new LinkedHashMap<String, Object>();
        legacy.put("id", legacyId);
        legacy.put("state", legacyState);
        if (rerun || pct.stripTrailingZeros().scale() > 0) {
            legacy.put("progress", pct);
        }
        if (started.isPresent() && (rerun || !finished)) {
            legacy.put("started_at", f.raw("started_at"));
        }
        if (actual.isPresent() && !(finished && started.isPresent()
                && actual.get().equals(Duration.between(started.get(), completed.get())))) {
            legacy.put("actual_duration", f.raw("actual_duration"));
        }
        f.members().forEach((k, v) -> {
            if (!KNOWN.contains(k)) {
                legacy.put(k, v);
            }
        });

        var render = new LinkedHashMap<>(globalRender);
        render.putAll(f.objectOrEmpty("render_options"));
        var validation = new LinkedHashMap<>(globalValidation);
        validation.putAll(f.objectOrEmpty("validation_options"));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("stl_path", stl);
        f.optionalString("output_folder").ifPresent(o -> payload.put("output_folder", o));
        payload.put("render_options", render);
        payload.put("validation_options", validation);
        payload.put("legacy", legacy);

        Progress progress = rerun
                ? new Progress(0, "was processing (" + pct.toPlainString() + "%) when the legacy file was written"
                        + started.map(s -> ", started " + s).orElse(""))
                : new Progress(percent, "");
        return new ImportedJob(new Job(id, queue, type, JsonText.of(Json.write(payload)), 0, state,
                finished ? 1 : 0, Math.max(1, maxAttempts), rerun ? now : created, Optional.empty(),
                progress, false, result, error, created,
                finished ? started : Optional.empty(), finished ? completed : Optional.empty(), estimated,
                Optional.empty(), Optional.of(ref)));
    }
}
