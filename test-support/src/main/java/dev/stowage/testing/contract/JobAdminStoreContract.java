package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.application.port.out.JobAdminStore;
import dev.stowage.application.port.out.JobAdminStore.Recovery;
import dev.stowage.domain.error.LeaseLostException;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobState;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.QueueSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobAdminStore} promises (queue settings, the queues there are, and the recovery of
 * expired leases), one test per promise of its Javadoc.
 * An adapter's test extends this class and only says how to build fresh, empty stores
 * ({@link JobStoreFixture#newStores}).
 */
public abstract class JobAdminStoreContract extends JobStoreFixture {

    // ---------------------------------------------------------------- recovery

    @Test
    void recoverExpiredRequeuesJobsWithAttemptsLeft() {
        insert(job().maxAttempts(2));
        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);

        assertThat(admin.recoverExpired(T0.plusSeconds(59), 10)).isEqualTo(new Recovery(0, 0, 0));
        Instant expiry = T0.plus(Duration.ofMinutes(1));
        assertThat(admin.recoverExpired(expiry, 10)).isEqualTo(new Recovery(1, 0, 0));

        Job back = manage.find(running.id()).orElseThrow();
        assertThat(back.state()).isEqualTo(JobState.PENDING);
        assertThat(back.runAt()).isEqualTo(expiry);
        assertThat(back.attempts()).isEqualTo(1);
        assertThat(back.lease()).isEmpty();
        assertThatThrownBy(() -> work.heartbeat(running.id(), lease(running), expiry, Optional.empty()))
                .isInstanceOf(LeaseLostException.class);
    }

    @Test
    void recoverExpiredFailsJobsWithNoAttemptsLeft() {
        insert(job().maxAttempts(1));
        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        Instant later = T0.plus(Duration.ofMinutes(2));

        assertThat(admin.recoverExpired(later, 10)).isEqualTo(new Recovery(0, 1, 0));

        Job failed = manage.find(running.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.lastError()).contains("lease expired");
        assertThat(failed.finishedAt()).contains(later);
    }

    @Test
    void recoverExpiredCancelsJobsWithACancelRequest() {
        insert(job());
        Job running = work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1))).get(0);
        manage.cancel(running.id(), clock.instant());

        assertThat(admin.recoverExpired(T0.plus(Duration.ofMinutes(2)), 10)).isEqualTo(new Recovery(0, 0, 1));
        assertThat(manage.find(running.id()).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void recoverExpiredDoesAtMostLimitJobsPerCall() {
        for (int i = 0; i < 3; i++) {
            insert(job());
            work.claim(QUEUE, WORKER, 1, clock.instant(), Optional.of(Duration.ofMinutes(1)));
            clock.advance(Duration.ofSeconds(1));
        }
        Instant later = T0.plus(Duration.ofMinutes(5));

        assertThat(admin.recoverExpired(later, 2).total()).isEqualTo(2);
        assertThat(admin.recoverExpired(later, 2).total()).isEqualTo(1);
        assertThat(admin.recoverExpired(later, 2).total()).isZero();
    }

    // ---------------------------------------------------------------- settings

    @Test
    void settingsDefaultUntilSavedThenReplace() {
        assertThat(admin.settings(QUEUE)).isEqualTo(QueueSettings.defaults(QUEUE));

        QueueSettings custom = settings(QUEUE, 3, 7);
        admin.saveSettings(custom);
        admin.saveSettings(custom);
        assertThat(admin.settings(QUEUE)).isEqualTo(custom);

        QueueSettings paused = custom.withPaused(true);
        admin.saveSettings(paused);
        assertThat(admin.settings(QUEUE)).isEqualTo(paused);
        assertThat(admin.settings(OTHER)).isEqualTo(QueueSettings.defaults(OTHER));
    }

    @Test
    void queuesAreThoseWithSettingsOrJobsByName() {
        assertThat(admin.queues()).isEmpty();
        admin.saveSettings(settings(new QueueName("zeta"), 1, 1));
        insert(job().queue(new QueueName("alpha")));
        insert(job().queue(new QueueName("alpha")));

        assertThat(admin.queues()).containsExactly(new QueueName("alpha"), new QueueName("zeta"));
    }
}
