package dev.stowage.bootstrap.assembly;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.in.queue.AdministerQueuesUseCase;
import dev.stowage.application.port.in.queue.ManageJobsUseCase;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Leadership;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.backup.BackupSchedule;
import dev.stowage.application.service.document.ConsistencyService;
import dev.stowage.application.service.document.DocumentSweeper;
import dev.stowage.application.service.queue.QueueMaintenance;
import dev.stowage.bootstrap.config.StowageConfig;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The background work of a running service: lease recovery and retention for the queue, the
 * document sweeper, and backups on a schedule when {@code stowage.backups.schedule.interval} is
 * set (with the {@code backups} health component and the {@code stowage_backup_*} meters).
 * Installed by {@link Stowage#service} only; short-lived CLI commands leave it out.
 *
 * <p>All of it runs only on the instance that holds the database's maintenance {@link Leadership}
 * (the {@link MaintenanceLeader}), so that instances sharing one database run it once.
 */
final class HousekeepingModule extends AbstractModule {
    private final StowageConfig config;
    private final BackupSchedule.Settings schedule;

    HousekeepingModule(StowageConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.schedule = config.backups().schedule();
    }

    @Override
    protected void configure() {
        var managed = Multibinder.newSetBinder(binder(), Managed.class);
        managed.addBinding().to(MaintenanceLeader.class);
        managed.addBinding().to(QueueMaintenance.class);
        managed.addBinding().to(DocumentSweeper.class);
        if (schedule.enabled()) {
            install(new ScheduleModule(schedule));
        }
    }

    @Provides
    @Singleton
    MaintenanceLeader maintenanceLeader(Leadership leadership) {
        return new MaintenanceLeader(leadership, MaintenanceLeader.DEFAULT_ROUND, new Slf4jSystemLogger(MaintenanceLeader.class));
    }

    @Provides
    @Singleton
    QueueMaintenance queueMaintenance(AdministerQueuesUseCase admin, ManageJobsUseCase jobs, MaintenanceLeader leader) {
        return new QueueMaintenance(admin, jobs, config.queue().recoveryInterval(), config.queue().retained(), leader);
    }

    @Provides
    @Singleton
    DocumentSweeper sweeper(ConsistencyService consistency, MaintenanceLeader leader) {
        return new DocumentSweeper(consistency, config.documents().sweepInterval(), leader);
    }

    /** Installed only with a schedule: the service builds its singletons eagerly. */
    private static final class ScheduleModule extends AbstractModule {
        private final BackupSchedule.Settings schedule;

        ScheduleModule(BackupSchedule.Settings schedule) {
            this.schedule = schedule;
        }

        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), Managed.class).addBinding().to(BackupSchedule.class);
            Multibinder.newSetBinder(binder(), HealthIndicator.class).addBinding().to(BackupSchedule.class);
        }

        @Provides
        @Singleton
        BackupSchedule backupSchedule(ManageBackupsUseCase backups, Clock clock, MeterRegistry meters,
                                      MaintenanceLeader leader) {
            var backupSchedule = new BackupSchedule(backups, schedule, clock, leader);
            register(backupSchedule, clock, meters);
            return backupSchedule;
        }

        /** Meters read from the schedule's state when scraped; -1 where nothing is known yet. */
        private static void register(BackupSchedule s, Clock clock, MeterRegistry meters) {
            Gauge.builder("stowage.backup.last.age", s, x -> x.status().lastGoodAt()
                            .map(at -> (double) Duration.between(at, clock.instant()).toSeconds()).orElse(-1.0))
                    .baseUnit("seconds").description("Age of the last good backup, -1 when there is none").register(meters);
            Gauge.builder("stowage.backup.last.size", s, x -> x.status().lastGoodAt().isPresent() ? x.status().lastBytes() : -1)
                    .baseUnit("bytes").description("Snapshot and blob bytes of the last good scheduled backup").register(meters);
            Gauge.builder("stowage.backup.last.duration", s, x -> x.status().lastDuration().toMillis() / 1000.0)
                    .baseUnit("seconds").description("How long the last good scheduled backup took").register(meters);
            Gauge.builder("stowage.backup.last.verify.ok", s, x -> x.status().lastVerifyOk().map(ok -> ok ? 1.0 : 0.0).orElse(-1.0))
                    .description("1 when the last scheduled verify passed, 0 when it failed, -1 before any").register(meters);
            FunctionCounter.builder("stowage.backup.verify.failures", s, x -> x.status().verifyFailures())
                    .description("Scheduled verifies that failed").register(meters);
            FunctionCounter.builder("stowage.backup.run.failures", s, x -> x.status().runFailures())
                    .description("Scheduled backup runs that failed at any step").register(meters);
        }
    }
}
