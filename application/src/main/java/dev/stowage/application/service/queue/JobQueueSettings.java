package dev.stowage.application.service.queue;

import dev.stowage.application.settings.Allowed;
import dev.stowage.application.settings.SettingsCheck;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How the queue's services run in a process (not one queue's settings, which are
 * {@link dev.stowage.domain.queue.QueueSettings}).
 *
 * @param recoveryInterval how often jobs whose worker stopped heart-beating go back to their queue
 *                         ({@link QueueMaintenance}): {@link #RECOVERY_INTERVAL}
 * @param retention        finished jobs older than this are deleted; zero keeps them forever:
 *                         {@link #RETENTION}
 * @param fallbackPoll     how soon a waiting claim sees work another process enqueued
 *                         ({@link WorkJobsService}): {@link #FALLBACK_POLL}
 */
public record JobQueueSettings(Duration recoveryInterval, Duration retention, Duration fallbackPoll) {
    public static final Allowed.Span RECOVERY_INTERVAL = Allowed.span(Duration.ofSeconds(1), Duration.ofHours(1));
    public static final Allowed.Span RETENTION = Allowed.span(Duration.ZERO, Duration.ofDays(3650));
    public static final Allowed.Span FALLBACK_POLL = Allowed.span(Duration.ofMillis(10), Duration.ofMinutes(1));

    public JobQueueSettings {
        Objects.requireNonNull(recoveryInterval, "recoveryInterval");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(fallbackPoll, "fallbackPoll");
        SettingsCheck.of(JobQueueSettings.class)
                .in("recoveryInterval", recoveryInterval, RECOVERY_INTERVAL)
                .in("retention", retention, RETENTION)
                .in("fallbackPoll", fallbackPoll, FALLBACK_POLL)
                .done();
    }

    /** How long finished jobs are kept; empty when they are kept forever. */
    public Optional<Duration> retained() {
        return retention.isZero() ? Optional.empty() : Optional.of(retention);
    }
}
