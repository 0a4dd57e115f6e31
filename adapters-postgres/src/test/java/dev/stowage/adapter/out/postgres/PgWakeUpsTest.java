package dev.stowage.adapter.out.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.QueueMetrics;
import dev.stowage.application.service.queue.WorkJobsService;
import dev.stowage.application.service.queue.WorkSignal;
import dev.stowage.domain.common.JsonText;
import dev.stowage.domain.common.UlidSequence;
import dev.stowage.domain.queue.Job;
import dev.stowage.domain.queue.JobId;
import dev.stowage.domain.queue.JobType;
import dev.stowage.domain.queue.NewJob;
import dev.stowage.domain.queue.QueueName;
import dev.stowage.domain.queue.WorkerId;
import dev.stowage.testing.TestPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Wake-ups across processes. "Process A" waits in a long-poll claim; "process B" (another engine,
 * its own pool and its own WorkSignal) enqueues. With NOTIFY, A's fallback poll is a day long, so
 * only the notification can end A's wait; in polling mode nothing is sent, and A's short fallback
 * poll finds the job. No assertion depends on how long anything took.
 */
@ExtendWith(HotQueryPlans.class)
class PgWakeUpsTest {
    private static final QueueName QUEUE = new QueueName("wake");
    private final UlidSequence ids = new UlidSequence(Clock.systemUTC());
    private TestPostgres.Database db;
    private final List<Runnable> stops = new ArrayList<>();

    @BeforeEach
    void database() {
        db = PgTestDatabase.migrated("wake_ups");
    }

    @AfterEach
    void stopAll() {
        stops.forEach(Runnable::run);
    }

    private PgEngine engine(PostgresSettings.WakeUps mode) {
        PgEngine engine = new PgEngine(PgTestDatabase.settings(db).withWakeUps(mode));
        engine.start();
        stops.add(0, engine::stop);
        return engine;
    }

    private PgWakeUps listener(PostgresSettings.WakeUps mode, WorkSignal signal) {
        PgWakeUps wakeUps = new PgWakeUps(PgTestDatabase.settings(db).withWakeUps(mode));
        wakeUps.subscribe(signal::signal, signal::signalAll);
        wakeUps.start();
        stops.add(0, wakeUps::stop);
        return wakeUps;
    }

    private NewJob job() {
        Instant now = Instant.now();
        return new NewJob(new JobId(ids.next()), QUEUE, new JobType("t"), JsonText.of("{}"), 0, 3, now,
                Optional.empty(), Optional.empty(), Optional.empty(), now);
    }

    /** Starts a claim in process A that waits up to a day, and returns once it is waiting. */
    private CompletableFuture<List<Job>> waitingClaim(WorkJobsService service, WorkSignal signal) throws Exception {
        CompletableFuture<List<Job>> claim = CompletableFuture.supplyAsync(() -> {
            try {
                return service.claim(QUEUE, new WorkerId("a"), 10, Optional.empty(), Duration.ofDays(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (signal.waiting(QUEUE) == 0 && !claim.isDone()) {
            Thread.sleep(5);
        }
        return claim;
    }

    @Test
    void aNotifyFromAnotherProcessWakesAWaitingClaimWithoutWaitingForThePoll() throws Exception {
        WorkSignal signalA = new WorkSignal();
        PgEngine engineA = engine(PostgresSettings.WakeUps.NOTIFY);
        PgWakeUps listenerA = listener(PostgresSettings.WakeUps.NOTIFY, signalA);
        WorkJobsService serviceA = new WorkJobsService(new PgJobStore(new Db(engineA), ids::next, true), signalA,
                QueueMetrics.NONE, Clock.systemUTC(), new SplittableRandom(1), Duration.ofDays(1));
        PgJobStore storeB = new PgJobStore(new Db(engine(PostgresSettings.WakeUps.NOTIFY)), ids::next, true);

        CompletableFuture<List<Job>> claim = waitingClaim(serviceA, signalA);
        assertThat(claim).isNotDone();
        NewJob enqueued = job();
        storeB.insert(List.of(enqueued));

        // the guard only stops a broken build from hanging: a day-long poll cannot end the wait
        List<Job> claimed = claim.get(2, TimeUnit.MINUTES);
        assertThat(claimed).extracting(Job::id).containsExactly(enqueued.id());
        assertThat(listenerA.received()).isPositive();
    }

    @Test
    void pollingModeSendsNoNotifyAndStillHandsOutJobsOnThePoll() throws Exception {
        WorkSignal signalA = new WorkSignal();
        PgEngine engineA = engine(PostgresSettings.WakeUps.POLLING);
        PgWakeUps listenerA = listener(PostgresSettings.WakeUps.POLLING, signalA);
        assertThat(listenerA.listening()).isFalse();
        WorkJobsService serviceA = new WorkJobsService(new PgJobStore(new Db(engineA), ids::next, false), signalA,
                QueueMetrics.NONE, Clock.systemUTC(), new SplittableRandom(1), Duration.ofMillis(20));
        PgJobStore storeB = new PgJobStore(new Db(engine(PostgresSettings.WakeUps.POLLING)), ids::next, false);

        try (Connection spy = db.connect(); Statement s = spy.createStatement()) {
            s.execute("LISTEN " + PgJobStore.CHANNEL);
            CompletableFuture<List<Job>> claim = waitingClaim(serviceA, signalA);
            NewJob enqueued = job();
            storeB.insert(List.of(enqueued));
            assertThat(claim.get(2, TimeUnit.MINUTES)).extracting(Job::id).containsExactly(enqueued.id());

            // notifications arrive in commit order: everything sent before the sentinel is in hand with it
            try (Connection other = db.connect(); Statement o = other.createStatement()) {
                o.execute("NOTIFY " + PgJobStore.CHANNEL + ", 'sentinel'");
            }
            List<String> heard = new ArrayList<>();
            while (!heard.contains("sentinel")) {
                PGNotification[] notes = spy.unwrap(PGConnection.class).getNotifications(1000);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        heard.add(n.getParameter());
                    }
                }
            }
            assertThat(heard).containsExactly("sentinel");
        }
        assertThat(listenerA.received()).isZero();
    }
}
