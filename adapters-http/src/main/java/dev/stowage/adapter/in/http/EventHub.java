package dev.stowage.adapter.in.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stowage.adapter.in.http.QueueViews.JobView;
import dev.stowage.application.port.in.CheckHealthUseCase;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.HealthIndicator.ComponentHealth;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.common.Actor;
import dev.stowage.domain.error.NotFoundException;
import dev.stowage.domain.error.StorageUnavailableException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import dev.stowage.domain.token.QueueAction;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import dev.stowage.application.concurrent.DaemonThreads;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live events behind {@code GET /api/v1/events}: one poller for every open stream. While any
 * stream is open it reads the state from the use cases once a {@link #TICK} (so it sees changes made
 * by any process sharing the store, not only this one's), renders each kind once per kind of
 * viewer, and hands each stream only what differs from what that stream last sent.
 *
 * <p>A stream keeps at most one pending event per kind: a newer state replaces an unsent one, so a
 * client that reads slowly gets fewer, fresher events and costs no more memory than a fast one.
 * A client that stops reading blocks only its own stream's write, which Jetty's idle timeout ends.
 */
final class EventHub implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EventHub.class);
    /** How often the state is read while streams are open: no kind is sent more often than this. */
    static final Duration TICK = Duration.ofSeconds(1);
    /** The backups' state changes slowly and its health check may reach the blob backend: read less often. */
    static final int BACKUP_TICKS = 5;
    /** Streams open at once; each holds a request thread, so more are refused with 503. */
    static final int MAX_STREAMS = 200;

    /** The kinds of events, in the order a stream sends pending ones. */
    enum Kind {
        QUEUES("queues"), JOB("job"), BACKUPS("backups");

        final String event;

        Kind(String event) {
            this.event = event;
        }
    }

    /** An event to write: its kind, its data (one line of JSON) and its id. */
    record Event(Kind kind, String data, long id) {
    }

    private final ManageJobsUseCase jobs;
    private final AdministerQueuesUseCase queues;
    private final Optional<ManageBackupsUseCase> backups;
    private final CheckHealthUseCase health;
    private final ObjectMapper json;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong ids = new AtomicLong();
    private final Object pollerLock = new Object();
    private ScheduledExecutorService poller;
    private ScheduledFuture<?> polling;
    private long ticks;
    private volatile Duration heartbeat = Duration.ofSeconds(15);
    private volatile boolean closed;
    /** The threads that write the streams, one each, off Jetty's request threads (see {@link #writers}). */
    private final ExecutorService writers;

    EventHub(ManageJobsUseCase jobs, AdministerQueuesUseCase queues, Optional<ManageBackupsUseCase> backups,
             CheckHealthUseCase health, ObjectMapper json) {
        this.jobs = Objects.requireNonNull(jobs, "jobs");
        this.queues = Objects.requireNonNull(queues, "queues");
        this.backups = Objects.requireNonNull(backups, "backups");
        this.health = Objects.requireNonNull(health, "health");
        this.json = Objects.requireNonNull(json, "json");
        this.writers = new ThreadPoolExecutor(0, MAX_STREAMS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                DaemonThreads.numbered("stowage-http-stream-"));
    }

    /**
     * Where streams are written: a pool of its own, so open streams never hold Jetty's request
     * threads (the request is suspended meanwhile) and cannot starve other requests.
     */
    ExecutorService writers() {
        return writers;
    }

    /** How long a stream may be silent before it sends a comment; 15 s, well under Jetty's 30 s idle timeout. */
    Duration heartbeat() {
        return heartbeat;
    }

    /** For tests that check a stream outlives a short idle timeout on its heartbeats. */
    void heartbeat(Duration every) {
        this.heartbeat = Objects.requireNonNull(every, "every");
    }

    /** Streams open now; for tests. */
    int open() {
        return streams.size();
    }

    /**
     * Opens a stream for {@code actor}, following {@code job} when given (the caller has checked the
     * actor may read it), with the current state of every kind it may see already pending.
     *
     * @throws StorageUnavailableException when {@link #MAX_STREAMS} streams are open
     */
    Stream open(Actor actor, Optional<JobId> job) {
        if (closed) {
            throw new StorageUnavailableException("the server is stopping; reconnect in a moment", null);
        }
        var stream = new Stream(actor, job);
        synchronized (pollerLock) {
            if (streams.size() >= MAX_STREAMS) {
                throw new StorageUnavailableException("too many event streams are open (" + MAX_STREAMS + "); retry later",
                        null);
            }
            streams.add(stream);
            if (polling == null) {
                poller = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("stowage-http-events"));
                polling = poller.scheduleWithFixedDelay(this::tickSafely, TICK.toMillis(), TICK.toMillis(),
                        TimeUnit.MILLISECONDS);
            }
        }
        // the first state is read for this stream alone, so a new console shows it at once
        publish(List.of(stream), true);
        return stream;
    }

    /** Forgets a stream; the poller stops with the last one. */
    void release(Stream stream) {
        synchronized (pollerLock) {
            streams.remove(stream);
            if (streams.isEmpty() && polling != null) {
                polling.cancel(false);
                poller.shutdown();
                polling = null;
                poller = null;
                ticks = 0;
            }
        }
    }

    /** Ends every stream (they return at once) and the poller: the server is stopping. */
    @Override
    public void close() {
        closed = true;
        streams.forEach(Stream::end);
        writers.shutdown();
        synchronized (pollerLock) {
            if (poller != null) {
                poller.shutdownNow();
            }
        }
    }

    private void tickSafely() {
        try {
            boolean withBackups;
            synchronized (pollerLock) {
                withBackups = ticks++ % BACKUP_TICKS == 0;
            }
            publish(List.copyOf(streams), withBackups);
        } catch (RuntimeException e) {
            // a store that fails now may answer on the next tick; the streams stay open meanwhile
            log.warn("Live events could not read the state: {}", e.toString());
        }
    }

    /** Reads each kind once for all of {@code targets}, and offers each its own view. */
    private void publish(List<Stream> targets, boolean withBackups) {
        if (targets.isEmpty()) {
            return;
        }
        List<QueueSettings> settings = queues.queues();
        Map<QueueName, Map<JobState, Long>> counts = jobs.countsByQueue();
        var queueJson = new HashMap<Actor, String>();
        var jobJson = new HashMap<JobId, String>();
        String backupJson = null;
        boolean anyAdmin = targets.stream().anyMatch(s -> s.actor.admin());
        if (withBackups && anyAdmin && backups.isPresent()) {
            backupJson = write(backupHealth(backups.get()));
        }
        for (Stream s : targets) {
            s.offer(Kind.QUEUES, queueJson.computeIfAbsent(s.actor, a -> write(new Params.PageView<>(settings.stream()
                    .filter(q -> a.may(QueueAction.READ, q.queue()))
                    .map(q -> QueueViews.QueueView.of(q, counts.getOrDefault(q.queue(), new EnumMap<>(JobState.class))))
                    .toList(), null))));
            if (s.job.isPresent()) {
                s.offer(Kind.JOB, jobJson.computeIfAbsent(s.job.get(), this::jobState));
            }
            if (backupJson != null && s.actor.admin()) {
                s.offer(Kind.BACKUPS, backupJson);
            }
        }
    }

    /** A job as {@code GET /jobs/{id}} shows it; a job deleted meanwhile is {@code {"id":…,"deleted":true}}. */
    private String jobState(JobId id) {
        try {
            return write(JobView.of(jobs.get(id)));
        } catch (NotFoundException e) {
            return write(new DeletedJobView(id.value(), true));
        }
    }

    record DeletedJobView(String id, boolean deleted) {
    }

    /**
     * The backups' health for the console's banner.
     *
     * @param lastGoodAt    when the newest complete backup whose last verify (if any) passed was taken
     * @param lastBackupAt  when the newest backup of any status was started
     * @param tooOld        true when the backup schedule reports the last good backup too old
     * @param detail        the schedule's reason when too old
     */
    record BackupHealthView(Instant lastGoodAt, Instant lastBackupAt, boolean tooOld, String detail) {
    }

    private BackupHealthView backupHealth(ManageBackupsUseCase backups) {
        List<Backup> all = backups.list();
        Optional<Instant> lastGood = all.stream()
                .filter(b -> b.status() == BackupStatus.COMPLETE && b.lastVerification().map(v -> v.ok()).orElse(true))
                .map(Backup::createdAt).max(Comparator.naturalOrder());
        Optional<Instant> last = all.stream().map(Backup::createdAt).max(Comparator.naturalOrder());
        // The schedule (when configured) is the health check's "backups" component and judges freshness.
        ComponentHealth schedule = health.check().components().get("backups");
        boolean tooOld = schedule != null && !schedule.up();
        return new BackupHealthView(lastGood.orElse(null), last.orElse(null), tooOld,
                tooOld ? schedule.details().get("error") : null);
    }

    private String write(Object view) {
        try {
            return json.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write an event", e);
        }
    }

    /**
     * One open stream: what it last sent and what waits to be sent, one slot per kind. The poller
     * offers; the stream's own request thread takes and writes.
     */
    final class Stream {
        private final Actor actor;
        private final Optional<JobId> job;
        private final Map<Kind, String> sent = new EnumMap<>(Kind.class);
        private final Map<Kind, String> pending = new EnumMap<>(Kind.class);
        private boolean ended;

        private Stream(Actor actor, Optional<JobId> job) {
            this.actor = actor;
            this.job = job;
        }

        private synchronized void offer(Kind kind, String data) {
            if (data.equals(sent.get(kind))) {
                pending.remove(kind); // back to what the client has: a stale pending state goes
            } else {
                pending.put(kind, data);
            }
            notifyAll();
        }

        private synchronized void end() {
            ended = true;
            notifyAll();
        }

        /**
         * The pending events, oldest kind first, each marked sent; empty after {@code wait} without
         * any (time for a heartbeat), or when the stream has ended ({@link #ended()}).
         */
        synchronized List<Event> take(Duration wait) throws InterruptedException {
            long deadline = System.nanoTime() + wait.toNanos();
            while (pending.isEmpty() && !ended && !closed) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            if (ended || closed) {
                return List.of();
            }
            var out = new java.util.ArrayList<Event>(pending.size());
            for (var e : pending.entrySet()) {
                out.add(new Event(e.getKey(), e.getValue(), ids.incrementAndGet()));
                sent.put(e.getKey(), e.getValue());
            }
            pending.clear();
            return out;
        }

        synchronized boolean ended() {
            return ended || closed;
        }

        /** Kinds with an unsent state now; for tests of a client that does not read. */
        synchronized Set<Kind> waiting() {
            return new HashSet<>(pending.keySet());
        }
    }
}
