package dev.stowage.application.service.backup;

import dev.stowage.application.port.in.backup.ManageBackupsUseCase;
import dev.stowage.application.port.out.HealthIndicator;
import dev.stowage.application.port.out.Managed;
import dev.stowage.application.service.MaintenanceLeader;
import dev.stowage.application.service.Periodic;
import dev.stowage.domain.backup.Backup;
import dev.stowage.domain.backup.BackupStatus;
import dev.stowage.domain.backup.RotationPolicy;
import dev.stowage.domain.backup.Verification;
import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Takes backups on a schedule in a running service: every {@code interval} a backup, then (when
 * asked) a full verify of it, then (when a policy is given) a rotation. A failure of any step is
 * logged at ERROR and the next run goes on as planned.
 *
 * <p>It is also the {@code backups} health component: down ("stale") once the last good backup
 * (complete, and verified when verifying is on) is older than twice the interval, or when there
 * has been none for twice the interval since start. Its {@link #status()} feeds the metrics.
 *
 * <p>Where several instances share the database, only the {@link MaintenanceLeader} takes the
 * scheduled backups; the others' health reads the backups the leader records.
 */
public final class BackupSchedule implements Managed, HealthIndicator {
    private static final System.Logger LOG = System.getLogger(BackupSchedule.class.getName());
    static final String LABEL = "scheduled";

    /**
     * When to take backups, and what to do after each; {@code stowage.backups.schedule} in the
     * configuration.
     *
     * @param interval   time between backups; zero for no schedule: {@link #INTERVAL}
     * @param verify     verify each backup (every digest) after taking it
     * @param keepLast   rotation rules applied after each backup, as {@link RotationPolicy}'s; all
     *                   zero for no rotation: {@link #KEEP}
     * @param keepWithin zero for that rule off: {@link #KEEP_WITHIN}
     */
    public record Settings(Duration interval, boolean verify, int keepLast, int keepDaily, int keepWeekly,
                           int keepMonthly, Duration keepWithin) {
        /** What {@link #interval} may be. */
        public static final String INTERVAL = "0 (no schedule) or a duration between 1m and 365d";
        public static final Allowed.Whole KEEP = Allowed.whole(0, RotationPolicy.MAX_KEEP);
        public static final Allowed.Span KEEP_WITHIN = Allowed.span(Duration.ZERO, Duration.ofDays(36_500));
        private static final Allowed.Span ACTIVE = Allowed.span(Duration.ofMinutes(1), Duration.ofDays(365));

        public Settings {
            Objects.requireNonNull(interval, "interval");
            Objects.requireNonNull(keepWithin, "keepWithin");
            SettingsCheck.of(Settings.class)
                    .that(interval.isZero() || ACTIVE.contains(interval), "interval", interval, "is not " + INTERVAL)
                    .in("keepLast", keepLast, KEEP)
                    .in("keepDaily", keepDaily, KEEP)
                    .in("keepWeekly", keepWeekly, KEEP)
                    .in("keepMonthly", keepMonthly, KEEP)
                    .in("keepWithin", keepWithin, KEEP_WITHIN)
                    .done();
        }

        /** A schedule every {@code interval}, rotating by {@code rotation} when given. */
        public Settings(Duration interval, boolean verify, Optional<RotationPolicy> rotation) {
            this(interval, verify, rotation.map(RotationPolicy::keepLast).orElse(0),
                    rotation.map(RotationPolicy::keepDaily).orElse(0), rotation.map(RotationPolicy::keepWeekly).orElse(0),
                    rotation.map(RotationPolicy::keepMonthly).orElse(0),
                    rotation.flatMap(RotationPolicy::keepWithin).orElse(Duration.ZERO));
        }

        /** True when backups are taken on a schedule: the interval is not zero. */
        public boolean enabled() {
            return !interval.isZero();
        }

        /** The rules to rotate by after each backup; empty when every rule is off. */
        public Optional<RotationPolicy> rotation() {
            boolean any = keepLast > 0 || keepDaily > 0 || keepWeekly > 0 || keepMonthly > 0 || !keepWithin.isZero();
            return any ? Optional.of(new RotationPolicy(keepLast, keepDaily, keepWeekly, keepMonthly,
                    keepWithin.isZero() ? Optional.empty() : Optional.of(keepWithin))) : Optional.empty();
        }
    }

    /**
     * What the schedule last saw, for metrics.
     *
     * @param lastGoodAt       when the last good backup was taken
     * @param lastBytes        that backup's total bytes (snapshot and blobs)
     * @param lastDuration     how long taking it took
     * @param lastVerifyOk     the outcome of the last verify the schedule ran
     * @param verifyFailures   how many verifies failed since start
     * @param runFailures      how many runs failed (any step) since start
     */
    public record Status(Optional<Instant> lastGoodAt, long lastBytes, Duration lastDuration,
                         Optional<Boolean> lastVerifyOk, long verifyFailures, long runFailures) {
    }

    private final ManageBackupsUseCase backups;
    private final Settings settings;
    private final Clock clock;
    private final Periodic periodic;
    private final AtomicLong verifyFailures = new AtomicLong();
    private final AtomicLong runFailures = new AtomicLong();
    private volatile Instant startedAt;
    private volatile Instant lastGoodAt;
    private volatile long lastBytes;
    private volatile Duration lastDuration = Duration.ZERO;
    private volatile Boolean lastVerifyOk;

    public BackupSchedule(ManageBackupsUseCase backups, Settings settings, Clock clock, MaintenanceLeader leader) {
        this.backups = Objects.requireNonNull(backups, "backups");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (!settings.enabled()) {
            throw new IllegalArgumentException("a backup schedule needs a positive interval");
        }
        this.clock = Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(leader, "leader");
        this.periodic = new Periodic("backup-schedule", settings.interval(), settings.interval(),
                () -> {
                    if (!leader.runIfLeader(this::runOnce)) {
                        learnLastGood();
                    }
                });
    }

    /** One scheduled run: backup, verify, rotate. Never throws: a failure is logged at ERROR. */
    public void runOnce() {
        Instant start = clock.instant();
        try {
            Backup backup = backups.create(LABEL);
            Duration took = Duration.between(start, clock.instant());
            boolean good = backup.status() == BackupStatus.COMPLETE;
            if (good && settings.verify()) {
                Verification v = backups.verify(backup.id(), 100);
                lastVerifyOk = v.ok();
                if (!v.ok()) {
                    verifyFailures.incrementAndGet();
                    good = false;
                    LOG.log(System.Logger.Level.ERROR, "scheduled backup " + backup.id() + " failed verify: " + v.detail());
                }
            }
            if (good) {
                lastGoodAt = backup.createdAt();
                lastBytes = backup.totalBytes();
                lastDuration = took;
            } else {
                runFailures.incrementAndGet();
                if (backup.status() != BackupStatus.COMPLETE) {
                    LOG.log(System.Logger.Level.ERROR, "scheduled backup " + backup.id() + " ended " + backup.status());
                }
            }
            if (settings.rotation().isPresent()) {
                backups.rotate(settings.rotation().get(), false);
            }
        } catch (RuntimeException e) {
            runFailures.incrementAndGet();
            LOG.log(System.Logger.Level.ERROR, "scheduled backup failed: " + e.getMessage(), e);
        }
    }

    public Status status() {
        return new Status(Optional.ofNullable(lastGoodAt), lastBytes, lastDuration, Optional.ofNullable(lastVerifyOk),
                verifyFailures.get(), runFailures.get());
    }

    @Override
    public String component() {
        return "backups";
    }

    /** From what the schedule holds in memory: no I/O, so it answers at once. */
    @Override
    public ComponentHealth check() {
        Instant now = clock.instant();
        Duration stale = settings.interval().multipliedBy(2);
        var details = new LinkedHashMap<String, String>();
        details.put("interval", settings.interval().toString());
        Instant good = lastGoodAt;
        if (good != null) {
            details.put("lastGoodBackup", good.toString());
        }
        Instant since = good != null ? good : startedAt != null ? startedAt : now;
        boolean fresh = Duration.between(since, now).compareTo(stale) <= 0;
        if (!fresh) {
            details.put("error", good == null ? "no good backup for more than twice the interval"
                    : "the last good backup is older than twice the interval");
        }
        return new ComponentHealth(fresh, details);
    }

    @Override
    public int phase() {
        return 30;
    }

    @Override
    public String name() {
        return "backup-schedule";
    }

    /** Learns the last good backup already taken (so a restart is not "stale"), then schedules. */
    @Override
    public void start() {
        startedAt = clock.instant();
        learnLastGood();
        periodic.start();
    }

    /** Takes the newest good backup in the catalog as the last good one: the one another instance (the leader) took, too. */
    private void learnLastGood() {
        try {
            backups.list().stream()
                    .filter(b -> b.status() == BackupStatus.COMPLETE)
                    .filter(b -> !settings.verify() || b.lastVerification().map(Verification::ok).orElse(false))
                    .findFirst()
                    .ifPresent(b -> {
                        lastGoodAt = b.createdAt();
                        lastBytes = b.totalBytes();
                    });
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "cannot list the backups: " + e.getMessage(), e);
        }
    }

    @Override
    public void stop() {
        periodic.stop();
    }
}
