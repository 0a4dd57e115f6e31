package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.Periodic;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue's housekeeping for a running service: sends jobs whose lease expired back to the queue
 * (at once when started, then periodically) and, when a retention is set, deletes finished jobs
 * older than it. A service with only remote workers needs this; an in-process
 * {@link WorkerRuntime} recovers leases too, which does no harm.
 *
 * <p>The first recovery runs on the recovery thread as soon as {@link #start()} returns, not inside
 * it, so that a restart after a crash (when there is most to recover) serves without waiting for it:
 * start-up is downtime. Requests served before that first run ends are still answered correctly,
 * because the queue is in the state it is in between any two periodic runs: a job whose lease ran
 * out is {@code RUNNING} until recovered, and every operation already allows for that. A claim does
 * not hand it out and counts it against the queue's concurrency (so claims get fewer jobs for a
 * moment, and the recovery's signal then wakes the claims that wait); its lease holder may still
 * heartbeat, complete or fail it, since a lease is checked by id, not by the clock; cancel, retry and
 * reads see it as it is stored. The recovery's write transactions queue behind requests' writes on
 * the one writer like any other.
 *
 * <p>Where several instances share the database, only the {@link MaintenanceLeader} runs either
 * schedule's work; the others' rounds pass without touching the database.
 */
public final class QueueMaintenance implements Managed {
    private static final System.Logger LOG = System.getLogger(QueueMaintenance.class.getName());

    private final AdministerQueuesUseCase admin;
    private final Periodic recovery;
    private final Optional<Periodic> retention;

    /**
     * @param retention finished jobs older than this are deleted, checked hourly; empty keeps them
     * @param leader    whether this instance runs maintenance, asked before each run
     */
    public QueueMaintenance(AdministerQueuesUseCase admin, ManageJobsUseCase jobs, Duration recoveryInterval,
                            Optional<Duration> retention, MaintenanceLeader leader) {
        this.admin = Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(jobs, "jobs");
        Objects.requireNonNull(leader, "leader");
        this.recovery = new Periodic("lease-recovery", Duration.ZERO, recoveryInterval, () -> leader.runIfLeader(this::recover));
        this.retention = retention.map(age -> new Periodic("job-retention", Duration.ofMinutes(1), Duration.ofHours(1),
                () -> leader.runIfLeader(() -> {
                    long n = jobs.purgeFinishedOlderThan(age);
                    if (n > 0) {
                        LOG.log(System.Logger.Level.INFO, "retention deleted " + n + " finished jobs older than " + age);
                    }
                })));
    }

    @Override
    public int phase() {
        return 20;
    }

    @Override
    public String name() {
        return "queue-maintenance";
    }

    /** Starts the schedules; the first lease recovery begins at once, on the recovery thread. */
    @Override
    public void start() {
        recovery.start();
        retention.ifPresent(Periodic::start);
    }

    @Override
    public void stop() {
        recovery.stop();
        retention.ifPresent(Periodic::stop);
    }

    private void recover() {
        var r = admin.recoverExpiredLeases();
        if (r.total() > 0) {
            LOG.log(System.Logger.Level.INFO, "recovered expired leases: " + r.requeued() + " requeued, "
                    + r.failed() + " failed, " + r.cancelled() + " cancelled");
        }
    }
}
