package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.EnqueueCommand;
import dev.stowage.application.port.in.queue.EnqueueJobsUseCase;
import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobEnqueueStore;
import dev.stowage.application.port.out.JobEnqueueStore.Inserted;
import dev.stowage.application.port.out.JobTemplates;
import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.port.out.Transactions;
import dev.stowage.domain.common.Json;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.MicrosClock;
import dev.stowage.domain.error.InvalidInputException;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.TooLargeException;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobTemplate;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.queue.TemplateName;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.time.Clock;

/**
 * Turns enqueue commands into stored jobs: applies the queue's defaults, makes ids, checks limits,
 * stores the batch in one transaction and then wakes the queue's waiting workers.
 *
 * <p>Workers are signalled after this service's transaction commits. A caller that wraps the
 * enqueue in a transaction of its own delays the commit past the signal; a woken worker then finds
 * nothing yet and the job is picked up on the next signal or fallback poll.
 */
public final class EnqueueJobsService implements EnqueueJobsUseCase {
    /** The most jobs one batch may hold. */
    public static final int MAX_BATCH = 10_000;

    private final JobEnqueueStore jobs;
    private final JobAdminStore queues;
    private final JobTemplates templates;
    private final Transactions tx;
    private final IdGenerator ids;
    private final WorkSignal signal;
    private final QueueMetrics metrics;
    private final Clock clock;

    /** {@code queues} gives each queue's defaults (max attempts); nothing else of it is used. */
    public EnqueueJobsService(JobEnqueueStore jobs, JobAdminStore queues, JobTemplates templates, Transactions tx,
                              IdGenerator ids, WorkSignal signal, QueueMetrics metrics, Clock clock) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.templates = Objects.requireNonNull(templates, "templates");
        this.tx = Objects.requireNonNull(tx, "tx");
        this.ids = Objects.requireNonNull(ids, "ids");
        this.signal = Objects.requireNonNull(signal, "signal");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.clock = MicrosClock.of(clock); // the queue's tables keep microseconds
    }

    @Override
    public Inserted enqueue(EnqueueCommand command) {
        Objects.requireNonNull(command, "command");
        return enqueueBatch(List.of(command)).get(0);
    }

    @Override
    public List<Inserted> enqueueBatch(List<EnqueueCommand> commands) {
        Objects.requireNonNull(commands, "commands");
        if (commands.size() > MAX_BATCH) {
            throw new InvalidInputException("a batch holds at most " + MAX_BATCH + " jobs, got " + commands.size());
        }
        if (commands.isEmpty()) {
            return List.of();
        }
        for (EnqueueCommand c : commands) {
            Objects.requireNonNull(c, "command");
            if (c.payload().json().length() > JsonText.DEFAULT_MAX_CHARS) {
                throw new TooLargeException("job payload", JsonText.DEFAULT_MAX_CHARS);
            }
        }
        // the queue's defaults are read inside the write: on the writer's own connection that is one
        // cached statement, where a read of its own took a pooled connection and a snapshot per enqueue
        List<Inserted> stored = tx.write(() -> {
            Instant now = clock.instant();
            var settings = new HashMap<QueueName, QueueSettings>();
            var batch = new ArrayList<NewJob>(commands.size());
            for (EnqueueCommand c : commands) {
                batch.add(newJob(c, settings.computeIfAbsent(c.queue(), queues::settings), now));
            }
            return jobs.insert(batch);
        });
        var created = new LinkedHashMap<QueueName, Integer>();
        for (Inserted i : stored) {
            if (i.created()) {
                created.merge(i.job().queue(), 1, Integer::sum);
            }
        }
        created.forEach((queue, count) -> {
            signal.signal(queue);
            metrics.enqueued(queue, count);
        });
        return stored;
    }

    private NewJob newJob(EnqueueCommand c, QueueSettings settings, Instant now) {
        return new NewJob(new JobId(ids.next()), c.queue(), c.type(), c.payload(), c.priority().orElse(0),
                c.maxAttempts().orElse(settings.defaultMaxAttempts()), c.runAt().orElse(now), c.estimatedDuration(),
                c.dedupKey(), Optional.empty(), now);
    }

    /**
     * {@inheritDoc}
     *
     * <p>The overrides' queue and type are required fields of {@link EnqueueCommand}, so they always
     * replace the template's: a caller that wants the template's own pass them back unchanged.
     *
     * @throws InvalidInputException when the overrides' payload is not a JSON object
     */
    @Override
    public Inserted enqueueFromTemplate(TemplateName name, Optional<EnqueueCommand> overrides) {
        Objects.requireNonNull(name, "template");
        Objects.requireNonNull(overrides, "overrides");
        JobTemplate t = templates.find(name).orElseThrow(() -> NotFoundException.of("job template", name));
        EnqueueCommand command = overrides
                .map(o -> new EnqueueCommand(o.queue(), o.type(), mergeObjects(t.payload(), o.payload()),
                        o.priority().or(() -> Optional.of(t.priority())), o.maxAttempts().or(t::maxAttempts),
                        o.runAt(), o.dedupKey(), o.estimatedDuration().or(t::estimatedDuration)))
                .orElseGet(() -> new EnqueueCommand(t.queue(), t.type(), t.payload(), Optional.of(t.priority()),
                        t.maxAttempts(), Optional.empty(), Optional.empty(), t.estimatedDuration()));
        return enqueue(command);
    }

    /**
     * The template's payload with the override's top-level keys put over it: a key in both takes the
     * override's value whole (nested objects are replaced, not merged), and keeps the template's
     * position; new keys follow in the override's order.
     */
    static JsonText mergeObjects(JsonText base, JsonText overrides) {
        if (!overrides.isObject()) {
            throw new InvalidInputException("payload overrides for a template must be a JSON object");
        }
        Map<String, Object> merged = new LinkedHashMap<>(Json.parseObject(base.json(), "template payload"));
        merged.putAll(Json.parseObject(overrides.json(), "payload"));
        return JsonText.of(Json.write(merged), JsonText.DEFAULT_MAX_CHARS, "merged payload");
    }
}
