package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.stowage.adapter.in.http.Params.PageView;
import dev.stowage.adapter.in.http.QueueViews.EnqueuedView;
import dev.stowage.adapter.in.http.QueueViews.JobView;
import dev.stowage.adapter.in.http.QueueViews.BulkView;
import dev.stowage.adapter.in.http.QueueViews.HistoryView;
import dev.stowage.adapter.in.http.QueueViews.PurgedView;
import dev.stowage.adapter.in.http.QueueViews.QueueView;
import dev.stowage.adapter.in.http.QueueViews.RecoveryView;
import dev.stowage.adapter.in.http.QueueViews.SettingsView;
import dev.stowage.adapter.in.http.QueueViews.StatsView;
import dev.stowage.adapter.in.http.QueueViews.TemplateView;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.BulkJobsUseCase;
import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.in.queue.ManageTemplatesUseCase;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.JobAdminStore.Recovery;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.common.Checks;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.queue.BackoffPolicy;
import dev.stowage.domain.queue.JobFilter;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import dev.stowage.domain.token.QueueAction;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Producers and operators: enqueue and look at one job by id (a signed-in user whose token's scopes
 * allow it on that queue: {@code enqueue:Q}, {@code read:Q}; see {@link QueueAccess}), and
 * everything that steers queues or sees across them (administrators only): listings, statistics,
 * cancel and retry, pause and resume, settings, recovery, purge, and writing templates. Reading
 * templates and enqueueing from one is for a user whose token may read or enqueue to the
 * template's queue, and enqueueing needs {@code enqueue} on the queue the job goes to.
 */
final class QueueRoutes {
    static final Duration DEFAULT_STATS_WINDOW = Duration.ofHours(1);
    static final Duration DEFAULT_HISTORY_STEP = Duration.ofMinutes(1);

    private final Authenticator auth;
    private final QueueAccess access;
    private final JsonBody json;
    private final EnqueueJobsUseCase enqueue;
    private final ManageJobsUseCase jobs;
    private final AdministerQueuesUseCase queues;
    private final ManageTemplatesUseCase templates;
    private final BulkJobsUseCase bulk;

    QueueRoutes(Authenticator auth, QueueAccess access, JsonBody json, EnqueueJobsUseCase enqueue, ManageJobsUseCase jobs,
                AdministerQueuesUseCase queues, ManageTemplatesUseCase templates, BulkJobsUseCase bulk) {
        this.auth = Objects.requireNonNull(auth, "auth");
        this.access = Objects.requireNonNull(access, "access");
        this.json = Objects.requireNonNull(json, "json");
        this.enqueue = Objects.requireNonNull(enqueue, "enqueue");
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.bulk = Objects.requireNonNull(bulk, "bulk");
    }

    void register(RoutesConfig routes) {
        routes.post(Api.V1 + "/queues/{queue}/jobs", this::enqueue);
        routes.get(Api.V1 + "/queues", this::listQueues);
        routes.post(Api.V1 + "/queues/{queue}/pause", ctx -> ctx.json(SettingsView.of(queues.pause(adminQueue(ctx)))));
        routes.post(Api.V1 + "/queues/{queue}/resume", ctx -> ctx.json(SettingsView.of(queues.resume(adminQueue(ctx)))));
        routes.get(Api.V1 + "/queues/{queue}/settings", ctx -> ctx.json(SettingsView.of(queues.settings(adminQueue(ctx)))));
        routes.put(Api.V1 + "/queues/{queue}/settings", this::updateSettings);
        routes.get(Api.V1 + "/queues/{queue}/stats", this::stats);
        routes.get(Api.V1 + "/queues/{queue}/history", this::history);

        routes.get(Api.V1 + "/jobs", this::listJobs);
        routes.post(Api.V1 + "/jobs/recover", this::recover);
        routes.post(Api.V1 + "/jobs/purge", this::purge);
        routes.post(Api.V1 + "/jobs/bulk", this::bulk);
        routes.get(Api.V1 + "/jobs/{id}", ctx -> ctx.json(JobView.of(access.readableJob(ctx))));
        routes.post(Api.V1 + "/jobs/{id}/cancel", ctx -> {
            auth.requireAdmin(ctx, "cancelling a job");
            ctx.json(JobView.of(jobs.cancel(jobId(ctx))));
        });
        routes.post(Api.V1 + "/jobs/{id}/retry", ctx -> {
            auth.requireAdmin(ctx, "retrying a job");
            ctx.json(JobView.of(jobs.retry(jobId(ctx))));
        });

        routes.get(Api.V1 + "/templates", ctx -> {
            Actor actor = auth.require(ctx);
            ctx.json(new PageView<>(templates.list().stream().filter(t -> QueueAccess.sees(actor, t))
                    .map(TemplateView::of).toList(), null));
        });
        routes.get(Api.V1 + "/templates/{name}", ctx -> {
            Actor actor = auth.require(ctx);
            ctx.json(TemplateView.of(QueueAccess.visible(actor, templates.get(templateName(ctx)))));
        });
        routes.put(Api.V1 + "/templates/{name}", this::saveTemplate);
        routes.delete(Api.V1 + "/templates/{name}", ctx -> {
            auth.requireAdmin(ctx, "deleting a job template");
            templates.delete(templateName(ctx));
            ctx.status(204);
        });
        routes.post(Api.V1 + "/templates/{name}/jobs", this::enqueueFromTemplate);
    }

    // --- producers -------------------------------------------------------------------------------

    /** One job to enqueue; the queue comes from the path. Absent fields take the queue's defaults. */
    record EnqueueRequest(String type, JsonNode payload, Integer priority, Integer maxAttempts, Instant runAt,
                          String dedupKey, Duration estimatedDuration) {
    }

    record BatchRequest(List<EnqueueRequest> jobs) {
    }

    private void enqueue(Context ctx) {
        QueueName queue = access.pathQueue(ctx, QueueAction.ENQUEUE);
        JsonNode body = json.tree(ctx);
        if (body.isObject() && body.has("jobs")) {
            BatchRequest batch = json.convert(body, BatchRequest.class);
            if (batch.jobs() == null) {
                throw new InvalidInputException("field 'jobs' must be an array of jobs");
            }
            var commands = new ArrayList<EnqueueCommand>(batch.jobs().size());
            for (int i = 0; i < batch.jobs().size(); i++) {
                EnqueueRequest r = batch.jobs().get(i);
                if (r == null) {
                    throw new InvalidInputException("field 'jobs[" + i + "]' must be a job object");
                }
                commands.add(command(queue, r, "jobs[" + i + "]."));
            }
            List<Inserted> stored = enqueue.enqueueBatch(commands);
            ctx.status(201).json(new PageView<>(
                    stored.stream().map(s -> new EnqueuedView(s.created(), JobView.of(s.job()))).toList(), null));
            return;
        }
        if (!body.isObject()) {
            throw new InvalidInputException("the request body must be a JSON object: one job, or {\"jobs\": [...]}");
        }
        Inserted stored = enqueue.enqueue(command(queue, json.convert(body, EnqueueRequest.class), ""));
        created(ctx, stored);
    }

    private void created(Context ctx, Inserted stored) {
        // 201 for a new job, 200 when a dedup key matched an unfinished job already in the queue.
        ctx.status(stored.created() ? 201 : 200)
                .header("Location", Api.V1 + "/jobs/" + stored.job().id().value())
                .json(JobView.of(stored.job()));
    }

    private EnqueueCommand command(QueueName queue, EnqueueRequest r, String prefix) {
        if (r.type() == null) {
            throw new InvalidInputException("field '" + prefix + "type' is required");
        }
        return new EnqueueCommand(queue, new JobType(r.type()),
                json.text(r.payload(), prefix + "payload", JsonText.emptyObject()),
                Optional.ofNullable(r.priority()), Optional.ofNullable(r.maxAttempts()), Optional.ofNullable(r.runAt()),
                Optional.ofNullable(r.dedupKey()), Optional.ofNullable(r.estimatedDuration()));
    }

    /** Overrides for an enqueue from a template; every field is optional. */
    record OverridesRequest(String queue, String type, JsonNode payload, Integer priority, Integer maxAttempts,
                            Instant runAt, String dedupKey, Duration estimatedDuration) {
    }

    private void enqueueFromTemplate(Context ctx) {
        Actor actor = auth.require(ctx);
        TemplateName name = templateName(ctx);
        JsonNode body = json.objectOrEmpty(ctx);
        // A token that may enqueue everywhere sees every template and may send its job anywhere;
        // any other needs the template read here, and the job's queue checked and then fixed in the
        // command, so that the queue checked is the queue used.
        boolean scoped = !actor.mayEverywhere(QueueAction.ENQUEUE);
        Optional<EnqueueCommand> overrides = Optional.empty();
        if (!body.isEmpty() || scoped) {
            OverridesRequest o = body.isEmpty()
                    ? new OverridesRequest(null, null, null, null, null, null, null, null)
                    : json.convert(body, OverridesRequest.class);
            // The use case takes queue and type from the overrides whole, so unset ones are filled
            // from the template here: a caller overriding only the priority keeps the template's queue.
            JobTemplate t = QueueAccess.visible(actor, templates.get(name));
            QueueName queue = o.queue() == null ? t.queue() : new QueueName(o.queue());
            QueueAccess.requireOnQueue(actor, QueueAction.ENQUEUE, queue);
            overrides = Optional.of(new EnqueueCommand(
                    queue,
                    o.type() == null ? t.type() : new JobType(o.type()),
                    json.text(o.payload(), "payload", JsonText.emptyObject()),
                    Optional.ofNullable(o.priority()), Optional.ofNullable(o.maxAttempts()),
                    Optional.ofNullable(o.runAt()), Optional.ofNullable(o.dedupKey()),
                    Optional.ofNullable(o.estimatedDuration())));
        }
        created(ctx, enqueue.enqueueFromTemplate(name, overrides));
    }

    // --- jobs (administrators) -------------------------------------------------------------------

    private void listJobs(Context ctx) {
        auth.requireAdmin(ctx, "listing jobs");
        var states = EnumSet.noneOf(JobState.class);
        for (String v : ctx.queryParams("state")) {
            states.addAll(states(v, "query parameter 'state'"));
        }
        var filter = new JobFilter(Params.text(ctx, "queue").map(QueueName::new), states,
                Params.text(ctx, "type").map(JobType::new), Params.instant(ctx, "createdFrom"),
                Params.instant(ctx, "createdBefore"), searchText(Params.text(ctx, "q"), "query parameter 'q'"));
        ctx.json(PageView.of(jobs.list(filter, Params.page(ctx)), JobView::of));
    }

    /** States named in one value, comma-separated, in any case. */
    private static EnumSet<JobState> states(String value, String what) {
        var states = EnumSet.noneOf(JobState.class);
        for (String s : value.split(",")) {
            if (!s.isBlank()) {
                states.add(Params.enumValue(s.strip(), JobState.class, what));
            }
        }
        return states;
    }

    private static Optional<String> searchText(Optional<String> q, String what) {
        q.ifPresent(t -> {
            if (t.length() > JobFilter.MAX_TEXT) {
                throw new InvalidInputException(what + " is " + t.length() + " characters long; at most "
                        + JobFilter.MAX_TEXT + " are allowed");
            }
        });
        return q;
    }

    /** Which jobs a bulk action takes by filter; fields left out do not filter. */
    record BulkFilter(String queue, String type, String state, Instant createdFrom, Instant createdTo, String q) {
    }

    /** A bulk action on every job matching {@code filter}, or on the jobs listed in {@code ids}: one of the two. */
    record BulkRequest(String action, BulkFilter filter, List<String> ids) {
    }

    private void bulk(Context ctx) {
        auth.requireAdmin(ctx, "acting on jobs in bulk");
        boolean dryRun = Params.bool(ctx, "dryRun").orElse(false);
        BulkRequest r = json.read(ctx, BulkRequest.class);
        if (r.action() == null) {
            throw new InvalidInputException("field 'action' is required: retry, cancel or delete");
        }
        BulkJobsUseCase.Action action = Params.enumValue(r.action(), BulkJobsUseCase.Action.class, "field 'action'");
        if ((r.filter() == null) == (r.ids() == null)) {
            throw new InvalidInputException("give exactly one of field 'filter' (every matching job) and field 'ids'"
                    + " (at most " + BulkJobsUseCase.MAX_IDS + " job ids)");
        }
        BulkJobsUseCase.Selection selection;
        if (r.ids() != null) {
            if (r.ids().isEmpty() || r.ids().size() > BulkJobsUseCase.MAX_IDS) {
                throw new InvalidInputException("field 'ids' must list from 1 to " + BulkJobsUseCase.MAX_IDS
                        + " job ids, got " + r.ids().size());
            }
            var ids = new ArrayList<JobId>(r.ids().size());
            for (int i = 0; i < r.ids().size(); i++) {
                String id = r.ids().get(i);
                if (id == null) {
                    throw new InvalidInputException("field 'ids[" + i + "]' must be a job id");
                }
                ids.add(new JobId(id));
            }
            selection = new BulkJobsUseCase.Listed(ids);
        } else {
            BulkFilter f = r.filter();
            selection = new BulkJobsUseCase.Matching(new JobFilter(Optional.ofNullable(f.queue()).map(QueueName::new),
                    f.state() == null ? EnumSet.noneOf(JobState.class) : states(f.state(), "field 'filter.state'"),
                    Optional.ofNullable(f.type()).map(JobType::new),
                    Optional.ofNullable(f.createdFrom()).map(i -> Checks.instant(i, "field 'filter.createdFrom'")),
                    Optional.ofNullable(f.createdTo()).map(i -> Checks.instant(i, "field 'filter.createdTo'")),
                    searchText(Optional.ofNullable(f.q()).filter(q -> !q.isEmpty()), "field 'filter.q'")));
        }
        if (dryRun) {
            ctx.json(new BulkView(QueueViews.lower(action), bulk.count(selection), null, null));
            return;
        }
        BulkJobsUseCase.Outcome o = bulk.apply(action, selection);
        ctx.json(new BulkView(QueueViews.lower(action), o.matched(), o.changed(), o.skipped()));
    }

    private void history(Context ctx) {
        QueueName queue = access.pathQueue(ctx, QueueAction.READ);
        Duration window = Params.duration(ctx, "window", ManageJobsUseCase.MIN_HISTORY_WINDOW,
                ManageJobsUseCase.MAX_HISTORY_WINDOW).orElse(DEFAULT_STATS_WINDOW);
        Duration step = Params.duration(ctx, "step", ManageJobsUseCase.MIN_HISTORY_STEP,
                ManageJobsUseCase.MAX_HISTORY_STEP).orElse(DEFAULT_HISTORY_STEP);
        ctx.json(HistoryView.of(queue, window, step, jobs.history(queue, window, step)));
    }

    private void stats(Context ctx) {
        QueueName queue = adminQueue(ctx);
        Duration window = Params.duration(ctx, "window", ManageJobsUseCase.MIN_STATS_WINDOW, ManageJobsUseCase.MAX_AGE).orElse(DEFAULT_STATS_WINDOW);
        ctx.json(StatsView.of(jobs.stats(Optional.of(queue), window)));
    }

    private void recover(Context ctx) {
        auth.requireAdmin(ctx, "recovering expired leases");
        Recovery r = queues.recoverExpiredLeases();
        ctx.json(new RecoveryView(r.requeued(), r.failed(), r.cancelled()));
    }

    record PurgeRequest(Duration olderThan) {
    }

    private void purge(Context ctx) {
        auth.requireAdmin(ctx, "purging finished jobs");
        PurgeRequest r = json.read(ctx, PurgeRequest.class);
        if (r.olderThan() == null) {
            throw new InvalidInputException("field 'olderThan' is required, an ISO-8601 duration such as P30D");
        }
        Checks.range(r.olderThan(), Duration.ZERO, ManageJobsUseCase.MAX_AGE, "field 'olderThan'");
        ctx.json(new PurgedView(jobs.purgeFinishedOlderThan(r.olderThan())));
    }

    // --- queues (administrators) -----------------------------------------------------------------

    private void listQueues(Context ctx) {
        ctx.json(queueList(auth.require(ctx), queues, jobs));
    }

    /**
     * Every queue the actor may read, with its settings and its jobs' counts by state: the answer of
     * {@code GET /queues} and the {@code queues} event alike.
     */
    static PageView<QueueView> queueList(Actor actor, AdministerQueuesUseCase queues, ManageJobsUseCase jobs) {
        var counts = jobs.countsByQueue();
        return new PageView<>(queues.queues().stream().filter(s -> actor.may(QueueAction.READ, s.queue()))
                .map(s -> QueueView.of(s, counts.getOrDefault(s.queue(), java.util.Map.of()))).toList(), null);
    }

    record BackoffRequest(Duration initial, Double multiplier, Duration max, Double jitter) {
    }

    /** New settings; fields left out keep their current value. */
    record SettingsRequest(Boolean paused, Integer maxConcurrency, Integer defaultMaxAttempts, BackoffRequest backoff,
                           Duration leaseDuration) {
    }

    private void updateSettings(Context ctx) {
        QueueName queue = adminQueue(ctx);
        SettingsRequest r = json.read(ctx, SettingsRequest.class);
        // the fields given change only themselves, on the settings current inside the write
        ctx.json(SettingsView.of(queues.changeSettings(queue, now -> merged(now, r))));
    }

    private static QueueSettings merged(QueueSettings now, SettingsRequest r) {
        BackoffPolicy b = now.backoff();
        if (r.backoff() != null) {
            BackoffRequest n = r.backoff();
            b = new BackoffPolicy(n.initial() == null ? b.initial() : n.initial(),
                    n.multiplier() == null ? b.multiplier() : n.multiplier(),
                    n.max() == null ? b.max() : n.max(), n.jitter() == null ? b.jitter() : n.jitter());
        }
        return new QueueSettings(now.queue(), r.paused() == null ? now.paused() : r.paused(),
                r.maxConcurrency() == null ? now.maxConcurrency() : r.maxConcurrency(),
                r.defaultMaxAttempts() == null ? now.defaultMaxAttempts() : r.defaultMaxAttempts(), b,
                r.leaseDuration() == null ? now.leaseDuration() : r.leaseDuration());
    }

    // --- templates -------------------------------------------------------------------------------

    record TemplateRequest(String description, String queue, String type, JsonNode payload, Integer priority,
                           Integer maxAttempts, Duration estimatedDuration) {
    }

    private void saveTemplate(Context ctx) {
        Actor admin = auth.requireAdmin(ctx, "writing a job template");
        TemplateName name = templateName(ctx);
        TemplateRequest r = json.read(ctx, TemplateRequest.class);
        if (r.queue() == null) {
            throw new InvalidInputException("field 'queue' is required");
        }
        if (r.type() == null) {
            throw new InvalidInputException("field 'type' is required");
        }
        Instant placeholder = Instant.EPOCH; // the use case stamps created-at and updated-at itself
        JobTemplate t = new JobTemplate(name, r.description() == null ? "" : r.description(),
                new QueueName(r.queue()), new JobType(r.type()),
                json.text(r.payload(), "payload", JsonText.emptyObject()), r.priority() == null ? 0 : r.priority(),
                Optional.ofNullable(r.maxAttempts()), Optional.ofNullable(r.estimatedDuration()),
                admin.user().map(Object::toString), placeholder, placeholder);
        ctx.json(TemplateView.of(templates.save(t)));
    }

    // --- helpers ---------------------------------------------------------------------------------

    private QueueName adminQueue(Context ctx) {
        auth.requireAdmin(ctx, "administering a queue");
        return new QueueName(ctx.pathParam("queue"));
    }

    private static JobId jobId(Context ctx) {
        return new JobId(ctx.pathParam("id"));
    }

    private static TemplateName templateName(Context ctx) {
        return new TemplateName(ctx.pathParam("name"));
    }
}
