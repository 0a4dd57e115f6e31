package dev.stowage.application.service.queue;

import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.Periodic;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The queue's housekeeping for a running service: sends jobs whose lease expired back to the queue
 * (once at start, then periodically) and, when a retention is set, deletes finished jobs older than
 * it. A service with only remote workers needs this; an in-process {@link WorkerRuntime} recovers
 * leases too, which does no harm.
 */
public final class QueueMaintenance implements Managed {
    private static final System.Logger LOG = System.getLogger(QueueMaintenance.class.getName());

    private final AdministerQueuesUseCase admin;
    private final Periodic recovery;
    private final Optional<Periodic> retention;

    /**
     * @param retention finished jobs older than this are deleted, checked hourly; empty keeps them
     */
    public QueueMaintenance(AdministerQueuesUseCase admin, ManageJobsUseCase jobs, Duration recoveryInterval,
                            Optional<Duration> retention) {
        this.admin = Objects.requireNonNull(admin, "admin");
        Objects.requireNonNull(jobs, "jobs");
        this.recovery = new Periodic("lease-recovery", recoveryInterval, recoveryInterval, this::recover);
        this.retention = retention.map(age -> new Periodic("job-retention", Duration.ofMinutes(1), Duration.ofHours(1),
                () -> {
                    long n = jobs.purgeFinishedOlderThan(age);
                    if (n > 0) {
                        LOG.log(System.Logger.Level.INFO, "retention deleted " + n + " finished jobs older than " + age);
                    }
                }));
    }

    @Override
    public int phase() {
        return 20;
    }

    @Override
    public String name() {
        return "queue-maintenance";
    }

    @Override
    public void start() {
        recover();
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
