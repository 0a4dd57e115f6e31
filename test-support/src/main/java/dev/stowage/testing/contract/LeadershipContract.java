package dev.stowage.testing.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.application.port.out.Leadership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link Leadership} promises: among the candidates for one database, at most one leads
 * at a time; a released, closed or cut-off hold goes to the next candidate that asks. An adapter's
 * test extends this class and says how to make candidates of one fresh election and how to take a
 * hold away as the death of its holder would.
 */
public abstract class LeadershipContract {
    /** How long a cut-off hold may take to become free (the database notices a dead session). */
    private static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);

    private final List<Leadership> made = new ArrayList<>();

    /** A new candidate in this test's election; every call of one test competes for the same leadership. */
    protected abstract Leadership newCandidate(String name);

    /**
     * Takes {@code holder}'s hold away behind its back, as its process dying or its connection
     * dropping would, so that the candidate still believes it leads until it asks again.
     */
    protected abstract void cutOff(Leadership holder);

    private Leadership candidate(String name) {
        Leadership l = newCandidate(name);
        made.add(l);
        return l;
    }

    @AfterEach
    void closeCandidates() {
        made.forEach(Leadership::close);
    }

    @Test
    void aLoneCandidateLeadsAndKeepsLeadingWhenItAsksAgain() {
        Leadership a = candidate("a");

        assertThat(a.tryLead()).isTrue();
        assertThat(a.tryLead()).isTrue();
        assertThat(a.tryLead()).isTrue();
    }

    @Test
    void ofSeveralCandidatesExactlyOneLeads() {
        List<Leadership> all = List.of(candidate("a"), candidate("b"), candidate("c"), candidate("d"));

        for (int round = 0; round < 3; round++) {
            assertThat(all.stream().filter(Leadership::tryLead).count()).isEqualTo(1);
        }
        assertThat(all.get(0).tryLead()).as("the first to ask took it and keeps it").isTrue();
    }

    @Test
    void aReleasedLeadershipGoesToTheNextCandidateThatAsks() {
        Leadership a = candidate("a");
        Leadership b = candidate("b");
        assertThat(a.tryLead()).isTrue();
        assertThat(b.tryLead()).isFalse();

        a.release();
        a.release();

        assertThat(b.tryLead()).isTrue();
        assertThat(a.tryLead()).isFalse();
    }

    @Test
    void aReleaseByACandidateThatDoesNotLeadChangesNothing() {
        Leadership a = candidate("a");
        Leadership b = candidate("b");
        assertThat(a.tryLead()).isTrue();

        b.release();

        assertThat(a.tryLead()).isTrue();
        assertThat(b.tryLead()).isFalse();
    }

    @Test
    void aClosedCandidateFreesTheLeadershipAndNeverLeadsAgain() {
        Leadership a = candidate("a");
        Leadership b = candidate("b");
        assertThat(a.tryLead()).isTrue();

        a.close();
        a.close();

        assertThat(b.tryLead()).isTrue();
        b.release();
        assertThat(a.tryLead()).as("closed").isFalse();
        assertThat(b.tryLead()).isTrue();
    }

    @Test
    void aCandidateThatNeverLedMayBeClosed() {
        Leadership a = candidate("a");
        Leadership b = candidate("b");
        assertThat(a.tryLead()).isTrue();

        b.close();

        assertThat(a.tryLead()).isTrue();
        assertThat(b.tryLead()).isFalse();
    }

    @Test
    void aCutOffHolderLearnsItAtItsNextAskAndAnotherTakesOver() throws InterruptedException {
        Leadership a = candidate("a");
        Leadership b = candidate("b");
        assertThat(a.tryLead()).isTrue();

        cutOff(a);

        assertThat(a.tryLead()).as("the holder asks again and finds its hold gone").isFalse();
        long deadline = System.nanoTime() + TAKEOVER_BOUND.toNanos();
        boolean took = false;
        while (!took && System.nanoTime() < deadline) {
            took = b.tryLead();
            if (!took) {
                Thread.sleep(50);
            }
        }
        assertThat(took).as("another candidate took over").isTrue();
        assertThat(a.tryLead()).isFalse();
    }

    @Test
    void candidatesAskingAtOnceFromManyThreadsNeverBothLead() throws Exception {
        List<Leadership> all = List.of(candidate("a"), candidate("b"), candidate("c"));
        Set<Leadership> leaders = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        CountDownLatch go = new CountDownLatch(1);
        try {
            var futures = new ArrayList<Future<?>>();
            for (int t = 0; t < 6; t++) {
                Leadership mine = all.get(t % all.size());
                futures.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < 100; i++) {
                        if (mine.tryLead()) {
                            leaders.add(mine);
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(leaders).hasSize(1);
    }

    @Test
    void itDescribesWhatItHolds() {
        assertThat(candidate("a").describe()).isNotBlank();
    }
}
