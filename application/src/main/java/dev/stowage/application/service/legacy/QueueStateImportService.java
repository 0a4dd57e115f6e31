package dev.stowage.application.service.legacy;

import dev.stowage.application.port.in.legacy.ImportProgress;
import dev.stowage.application.port.in.legacy.ImportQueueStateUseCase;
import dev.stowage.application.port.in.legacy.ImportReport;
import dev.stowage.application.port.in.legacy.ImportReport.Problem;
import dev.stowage.application.port.in.legacy.LegacyEntry;
import dev.stowage.application.port.in.legacy.QueueStateSource;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.JobImportStore;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.common.Sha256;
import dev.stowage.domain.error.ErrorCode;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.StorageException;
import dev.stowage.domain.error.StowageException;
import dev.stowage.domain.queue.ImportedJob;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Imports the legacy app's queue state file (format 1.0) and its saved templates.
 *
 * <p>The file comes from a {@link QueueStateSource} one entry at a time; jobs are stored in batches,
 * each batch one transaction, so the import's memory holds one batch and one small record per id
 * seen (to find duplicates within the file), and its time grows with the file, not its square.
 * Each legacy job keeps its id as the external ref {@code queue-state:<id>}, which makes a re-run
 * find it instead of storing it again. Global render and validation options are merged under each
 * job's own overrides into its payload, and are also saved as the template "Imported defaults" so
 * that new jobs can start from them. How an entry becomes a job: {@link LegacyJobs}.
 */
public final class QueueStateImportService implements ImportQueueStateUseCase {
    static final String REF_PREFIX = "queue-state:";
    static final String DEFAULTS_TEMPLATE = "Imported defaults";
    /** Jobs per transaction: large enough that commits do not dominate, small enough to bound memory. */
    static final int BATCH = 500;

    private final JobImportStore jobs;
    private final JobAdminStore queues;
    private final JobTemplates templates;
    private final Transactions tx;
    private final IdGenerator ids;
    private final Clock clock;

    /** {@code queues} reads and saves the target queue's settings, as the file's header gives them. */
    public QueueStateImportService(JobImportStore jobs, JobAdminStore queues, JobTemplates templates, Transactions tx,
                                   IdGenerator ids, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    @Override
    public ImportReport importQueueState(QueueStateSource source, QueueName queue, JobType type, boolean dryRun,
                                         ImportProgress progress) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(progress, "progress");
        var header = new QueueStateHeader(source.header(), queues.settings(queue));
        QueueSettings settings = header.settings;
        var notes = new ArrayList<String>(header.notes);
        notes.add("queue '" + queue + "': max concurrency " + settings.maxConcurrency() + ", max attempts "
                + settings.defaultMaxAttempts());
        notes.add("global options saved as template '" + DEFAULTS_TEMPLATE + "'");
        if (!dryRun) {
            var defaults = defaultsTemplate(queue, type, header);
            tx.writeVoid(() -> {
                queues.saveSettings(settings);
                templates.save(defaults);
            });
        }
        var run = new Run(queue, type, settings, header, dryRun, source.jobCount(), progress);
        Optional<String> stoppedBy = Optional.empty();
        Optional<ErrorCode> stopCode = Optional.empty();
        try {
            source.forEachJob(run::entry);
            run.flush();
        } catch (InvalidInputException | UncheckedIOException | StorageException e) {
            // Batches stored before stay stored: each was whole, and a re-run finds them by their refs.
            stoppedBy = Optional.of("stopped at entry #" + run.seen + " of " + source.jobCount() + ": "
                    + messageOf(e) + (dryRun ? "" : "; the " + run.created + " entries before were imported"));
        }
        return new ImportReport(dryRun, Math.max(run.seen, source.jobCount()), run.created, run.existing,
                run.problems, header.problems, notes, stoppedBy, stopCode);
    }

    private static String messageOf(RuntimeException e) {
        return e instanceof UncheckedIOException io && io.getCause() != null ? "cannot read the file: "
                + io.getCause().getMessage() : e.getMessage();
    }

    /** The state of one import while its entries stream by. */
    private final class Run {
        private final QueueName queue;
        private final JobType type;
        private final QueueSettings settings;
        private final QueueStateHeader header;
        private final boolean dryRun;
        private final int total;
        private final ImportProgress progress;
        private final Instant now = clock.instant();
        /** Every id seen in this file: where first, and a digest of that entry to tell a differing duplicate. */
        private final Map<String, Seen> byId = new HashMap<>();
        private final List<ImportedJob> batch = new ArrayList<>(BATCH);
        private final List<Problem> problems = new ArrayList<>();
        private final MessageDigest sha256 = sha256();
        int seen;
        int created;
        int existing;

        Run(QueueName queue, JobType type, QueueSettings settings, QueueStateHeader header, boolean dryRun, int total,
            ImportProgress progress) {
            this.queue = queue;
            this.type = type;
            this.settings = settings;
            this.header = header;
            this.dryRun = dryRun;
            this.total = total;
            this.progress = progress;
        }

        void entry(LegacyEntry entry) {
            seen = entry.index() + 1;
            String id = "";
            try {
                if (entry.unreadable().isPresent()) {
                    throw new InvalidInputException(entry.unreadable().get());
                }
                String text = entry.json().orElseThrow();
                Object value = Json.parse(text);
                id = LegacyJobs.idOf(value).orElse("");
                Fields f = Fields.of(value, "jobs[" + entry.index() + "]");
                if (f.requiredString("id").isBlank()) {
                    throw new InvalidInputException("id must not be empty");
                }
                long digest = digest(text);
                Seen first = byId.putIfAbsent(id, new Seen(entry.index(), digest));
                if (first != null) {
                    throw new InvalidInputException("duplicate id: entry #" + first.index + " has it too"
                            + (first.digest == digest ? " (same contents)" : " (contents differ)")
                            + "; this entry is not imported");
                }
                batch.add(LegacyJobs.from(f, REF_PREFIX + id, new JobId(ids.next()), queue, type,
                        settings.defaultMaxAttempts(), header.render, header.validation, now));
            } catch (InvalidInputException e) {
                problems.add(new Problem(entry.index(), id, e.getMessage()));
            }
            if (batch.size() >= BATCH) {
                flush();
            }
            progress.update(seen, Math.max(seen, total));
        }

        /** The first 64 bits of the entry's SHA-256: enough to tell two entries apart. */
        private long digest(String text) {
            byte[] d = sha256.digest(text.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < Long.BYTES; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return v;
        }

        void flush() {
            if (batch.isEmpty()) {
                return;
            }
            if (dryRun) {
                for (ImportedJob job : batch) {
                    if (jobs.findByExternalRef(job.externalRef()).isPresent()) {
                        existing++;
                    } else {
                        created++;
                    }
                }
            } else {
                for (Inserted done : jobs.insertImported(batch)) {
                    if (done.created()) {
                        created++;
                    } else {
                        existing++;
                    }
                }
            }
            batch.clear();
        }
    }

    private record Seen(int index, long digest) {
    }

    private static MessageDigest sha256() {
        return Sha256.newDigest();
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

    private JobTemplate defaultsTemplate(QueueName queue, JobType type, QueueStateHeader header) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("render_options", header.render);
        payload.put("validation_options", header.validation);
        header.outputBase.ifPresent(o -> payload.put("output_base_folder", o));
        Instant now = clock.instant();
        return new JobTemplate(new TemplateName(DEFAULTS_TEMPLATE), "Global options of the imported queue state file",
                queue, type, new JsonText(Json.write(payload)), 0, Optional.empty(), Optional.empty(),
                Optional.of("import"), now, now);
    }
}
