package dev.stowage.application.service.legacy;

import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.ImportReport.Problem;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.Progress;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports the legacy app's queue state file (format 1.0) and its saved templates.
 *
 * <p>Each legacy job keeps its id as the external ref {@code queue-state:<id>}, which makes a re-run
 * find it instead of storing it again. Global render and validation options are merged under each
 * job's own overrides into its payload, and are also saved as the template "Imported defaults" so
 * that new jobs can start from them.
 */
public final class QueueStateImportService implements ImportQueueStateUseCase {
    static final String REF_PREFIX = "queue-state:";
    static final String DEFAULTS_TEMPLATE = "Imported defaults";
    private static final int BATCH = 500;

    private final JobStore jobs;
    private final JobTemplates templates;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;

    public QueueStateImportService(JobStore jobs, JobTemplates templates, Transactions tx, IdGenerator ids, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public ImportReport importQueueState(String json, QueueName queue, JobType type, boolean dryRun,
                                         ImportProgress progress) {
        Fields root = Fields.of(Json.parse(json), "queue state file");
        String version = root.requiredString("version");
        if (!version.equals("1.0")) {
            throw new InvalidInputException("queue state file has format version '" + version + "'; this importer reads 1.0");
        }
        List<?> entries = root.optionalList("jobs").orElse(List.of());
        var notes = new ArrayList<String>();
        QueueSettings settings = settingsFrom(root.objectOrEmpty("queue_settings"), queue);
        Map<String, Object> render = root.objectOrEmpty("global_render_options");
        Map<String, Object> validation = root.objectOrEmpty("global_validation_options");
        Optional<Object> outputBase = Optional.ofNullable(root.objectOrEmpty("queue_settings").get("output_base_folder"));

        var problems = new ArrayList<Problem>();
        var toStore = new ArrayList<Job>();
        int existing = 0;
        for (int i = 0; i < entries.size(); i++) {
            String id = "";
            try {
                Fields f = Fields.of(entries.get(i), "jobs[" + i + "]");
                id = f.requiredString("id");
                String ref = REF_PREFIX + id;
                if (jobs.findByExternalRef(ref).isPresent() || toStore.stream().anyMatch(j -> j.externalRef().orElseThrow().equals(ref))) {
                    existing++;
                } else {
                    toStore.add(jobFrom(f, ref, queue, type, settings, render, validation));
                }
            } catch (InvalidInputException e) {
                problems.add(new Problem(i, id, e.getMessage()));
            }
            progress.update(i + 1, entries.size());
        }
        notes.add("queue '" + queue + "': max concurrency " + settings.maxConcurrency() + ", max attempts "
                + settings.defaultMaxAttempts());
        notes.add("global options saved as template '" + DEFAULTS_TEMPLATE + "'");
        int created = toStore.size();
        if (!dryRun) {
            var defaults = defaultsTemplate(queue, type, render, validation, outputBase);
            tx.writeVoid(() -> {
                jobs.saveSettings(settings);
                templates.save(defaults);
            });
            created = 0;
            for (int from = 0; from < toStore.size(); from += BATCH) {
                for (JobStore.Inserted done : jobs.insertImported(toStore.subList(from, Math.min(toStore.size(), from + BATCH)))) {
                    // Another import running at the same time may have stored it first.
                    if (done.created()) {
                        created++;
                    } else {
                        existing++;
                    }
                }
            }
        }
        return new ImportReport(dryRun, entries.size(), created, existing, problems, notes);
    }

    @Override
    public ImportReport importTemplate(String json, QueueName queue, JobType type, boolean dryRun) {
        Fields f = Fields.of(Json.parse(json), "template file");
        var payload = new LinkedHashMap<String, Object>();
        payload.put("render_options", f.objectOrEmpty("render_options"));
        payload.put("validation_options", f.objectOrEmpty("validation_options"));
        payload.put("output_settings", f.objectOrEmpty("output_settings"));
        Instant created = f.optionalInstant("created_at").orElse(clock.instant());
        var template = new JobTemplate(new TemplateName(f.requiredString("name")),
                f.optionalString("description").orElse(""), queue, type, new JsonText(Json.write(payload)), 0,
                Optional.empty(), Optional.empty(), f.optionalString("created_by"), created, clock.instant());
        boolean exists = templates.find(template.name()).isPresent();
        if (!dryRun) {
            templates.save(template);
        }
        return new ImportReport(dryRun, 1, exists ? 0 : 1, exists ? 1 : 0, List.of(),
                List.of("template '" + template.name() + "' " + (exists ? "replaced" : "created")));
    }

    private static QueueSettings settingsFrom(Map<String, Object> legacy, QueueName queue) {
        Fields f = Fields.of(legacy, "queue_settings");
        QueueSettings d = QueueSettings.defaults(queue);
        int concurrency = f.optionalNumber("max_concurrent_jobs").map(n -> clampInt(n, 1, QueueSettings.MAX_CONCURRENCY_LIMIT))
                .orElse(d.maxConcurrency());
        boolean autoRetry = f.optionalBoolean("auto_retry_failed").orElse(true);
        // The legacy app counted retries after the first try; Stowage counts attempts in all.
        int attempts = autoRetry
                ? f.optionalNumber("max_retry_attempts").map(n -> clampInt(n, 0, QueueSettings.MAX_ATTEMPTS_LIMIT - 1) + 1)
                        .orElse(d.defaultMaxAttempts())
                : 1;
        return new QueueSettings(queue, false, concurrency, attempts, BackoffPolicy.DEFAULT, d.leaseDuration());
    }

    private Job jobFrom(Fields f, String ref, QueueName queue, JobType type, QueueSettings settings,
                        Map<String, Object> globalRender, Map<String, Object> globalValidation) {
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

        var render = new LinkedHashMap<>(globalRender);
        render.putAll(f.objectOrEmpty("render_options"));
        var validation = new LinkedHashMap<>(globalValidation);
        validation.putAll(f.objectOrEmpty("validation_options"));
        var payload = new LinkedHashMap<String, Object>();
        payload.put("stl_path", stl);
        f.optionalString("output_folder").ifPresent(o -> payload.put("output_folder", o));
        payload.put("render_options", render);
        payload.put("validation_options", validation);

        Optional<JsonText> result = Optional.ofNullable(f.raw("results")).map(r -> {
            Fields.of(r, "results");
            return new JsonText(Json.write(r));
        });
        Optional<String> error = f.optionalString("error_message");

        boolean finished = state.isTerminal();
        if (finished && completed.isEmpty()) {
            throw new InvalidInputException("a " + legacyState + " job needs completed_at");
        }
        // The legacy file keeps whole-second timestamps but a finer actual duration: keep the finer one
        // when the two agree, so the job's own duration matches what the old app measured.
        Optional<Instant> finishedAt = completed;
        if (finished && started.isPresent() && actual.isPresent()) {
            Instant precise = started.get().plus(actual.get());
            if (Duration.between(completed.get(), precise).abs().compareTo(Duration.ofSeconds(1)) < 0) {
                finishedAt = Optional.of(precise);
            }
        }
        Instant now = clock.instant();
        // A job that was processing when the file was written never finished: it runs again from the start.
        boolean rerun = legacyState.equals("processing");
        int progress = rerun ? 0 : pct.setScale(0, RoundingMode.HALF_UP).intValue();
        return new Job(new JobId(ids.next()), queue, type, new JsonText(Json.write(payload)), 0, state,
                finished ? 1 : 0, settings.defaultMaxAttempts(), rerun ? now : created, Optional.empty(),
                new Progress(progress, ""), false, result, error, created,
                finished ? started : Optional.empty(), finished ? finishedAt : Optional.empty(), estimated,
                Optional.empty(), Optional.of(ref));
    }

    private JobTemplate defaultsTemplate(QueueName queue, JobType type, Map<String, Object> render,
                                         Map<String, Object> validation, Optional<Object> outputBase) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("render_options", render);
        payload.put("validation_options", validation);
        outputBase.ifPresent(o -> payload.put("output_base_folder", o));
        Instant now = clock.instant();
        return new JobTemplate(new TemplateName(DEFAULTS_TEMPLATE), "Global options of the imported queue state file",
                queue, type, new JsonText(Json.write(payload)), 0, Optional.empty(), Optional.empty(),
                Optional.of("import"), now, now);
    }

    private static int clampInt(BigDecimal n, int min, int max) {
        if (n.scale() > 0 && n.stripTrailingZeros().scale() > 0) {
            throw new InvalidInputException("expected a whole number, got " + n);
        }
        return Math.max(min, Math.min(max, n.intValue()));
    }
}
