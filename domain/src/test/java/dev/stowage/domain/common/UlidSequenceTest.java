package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class UlidSequenceTest {

    @Test
    void idsWithinOneMillisecondStrictlyIncreaseAndCarryTheTime() {
        Clock stopped = Clock.fixed(Instant.ofEpochMilli(1_469_918_176_385L), ZoneOffset.UTC);
        var sequence = new UlidSequence(stopped, new SplittableRandom(3));

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            ids.add(sequence.next());
        }

        assertThat(ids).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(Ulid.epochMillis(Ulid.requireValid(id, "id"))).isEqualTo(1_469_918_176_385L));
    }

    @Test
    void aClockThatStepsBackDoesNotMakeASmallerId() {
        var millis = new AtomicLong(5_000);
        var sequence = new UlidSequence(new SteppingClock(millis), new SplittableRandom(5));

        String before = sequence.next();
        millis.set(4_000);
        String after = sequence.next();

        assertThat(after).isGreaterThan(before);
    }

    @Test
    void anIncrementThatCarriesOutOfTheLowHalfStillIncreases() {
        // every draw is all ones: the low half wraps on the first increment and carries into the high half
        RandomGenerator allOnes = () -> -1L;
        var sequence = new UlidSequence(Clock.fixed(Instant.ofEpochMilli(7), ZoneOffset.UTC), allOnes);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(sequence.next());
        }

        assertThat(ids).isSortedAccordingTo(String::compareTo).doesNotHaveDuplicates();
    }

    /** A clock that reads a settable millisecond. */
    private static final class SteppingClock extends Clock {
        private final AtomicLong millis;

        SteppingClock(AtomicLong millis) {
            this.millis = millis;
        }

        @Override
        public long millis() {
            return millis.get();
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis.get());
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
