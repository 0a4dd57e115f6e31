package dev.stowage.application.service.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.domain.queue.QueueName;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WorkSignalTest {
    private static final QueueName Q = new QueueName("media");
    private final WorkSignal signal = new WorkSignal();

    @Test
    void aSignalGivenAfterTheGenerationWasReadIsNotLost() throws Exception {
        long seen = signal.generation(Q);
        signal.signal(Q);

        assertThat(signal.await(Q, seen, Duration.ofHours(1))).isTrue();
    }

    @Test
    void awaitTimesOutWithoutASignal() throws Exception {
        assertThat(signal.await(Q, signal.generation(Q), Duration.ofMillis(1))).isFalse();
        assertThat(signal.waiting(Q)).isZero();
    }

    @Test
    void signalAllWakesWaitersOfEveryQueue() throws Exception {
        long seen = signal.generation(Q);
        var woke = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.await(Q, seen, Duration.ofHours(1));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (signal.waiting(Q) == 0) {
            Thread.sleep(1);
        }
        signal.signalAll();

        assertThat(woke.get(30, TimeUnit.SECONDS)).isTrue();
    }
}
