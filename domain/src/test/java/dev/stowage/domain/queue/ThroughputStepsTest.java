package dev.stowage.domain.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.common.EpochTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ThroughputStepsTest {
    private static final Instant FROM = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void aWindowOfWholeStepsHasOneBucketEach() {
        ThroughputSteps steps = new ThroughputSteps(FROM, FROM.plusSeconds(180), Duration.ofMinutes(1));
        assertThat(steps.count()).isEqualTo(3);
        assertThat(steps.fromMicros()).isEqualTo(EpochTime.micros(FROM));
        assertThat(steps.stepMicros()).isEqualTo(60_000_000);
        assertThat(steps.endMicros()).isEqualTo(EpochTime.micros(FROM.plusSeconds(180)));
    }

    @Test
    void aPartialLastStepCountsWholeAndEndsBeyondTheWindow() {
        ThroughputSteps steps = new ThroughputSteps(FROM, FROM.plusSeconds(150), Duration.ofMinutes(1));
        assertThat(steps.count()).isEqualTo(3);
        assertThat(steps.endMicros()).isEqualTo(EpochTime.micros(FROM.plusSeconds(180)));
        // one microsecond past a whole step is a step more
        assertThat(new ThroughputSteps(FROM, FROM.plusSeconds(120).plusNanos(1_000), Duration.ofMinutes(1)).count()).isEqualTo(3);
        // a window shorter than one step is one step
        assertThat(new ThroughputSteps(FROM, FROM.plusNanos(1_000), Duration.ofHours(1)).count()).isEqualTo(1);
    }

    @Test
    void bucketsStartOnFromAndFillTheStepsNothingWasCountedIn() {
        ThroughputSteps steps = new ThroughputSteps(FROM, FROM.plusSeconds(240), Duration.ofMinutes(1));
        List<ThroughputBucket> buckets = steps.buckets(Map.of(1L, new long[] {4, 1}, 3L, new long[] {0, 2}));
        assertThat(buckets).containsExactly(
                new ThroughputBucket(FROM, 0, 0),
                new ThroughputBucket(FROM.plusSeconds(60), 4, 1),
                new ThroughputBucket(FROM.plusSeconds(120), 0, 0),
                new ThroughputBucket(FROM.plusSeconds(180), 0, 2));
    }

    @Test
    void stepsAreAlignedOnFromEvenOffAWholeSecond() {
        Instant from = Instant.parse("2030-01-01T00:00:07.123456Z");
        List<ThroughputBucket> buckets = new ThroughputSteps(from, from.plusSeconds(20), Duration.ofSeconds(10)).buckets(Map.of());
        assertThat(buckets).extracting(ThroughputBucket::start).containsExactly(from, from.plusSeconds(10));
    }

    @Test
    void stepsDoNotDependOnTheTimeZone() {
        // a window across a daylight-saving change in several zones: every step is the same length, on the same instants
        Instant from = Instant.parse("2030-03-10T06:00:00Z");
        TimeZone before = TimeZone.getDefault();
        List<ThroughputBucket> utc;
        try {
            TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
            utc = new ThroughputSteps(from, from.plus(Duration.ofHours(6)), Duration.ofHours(1)).buckets(Map.of(2L, new long[] {1, 0}));
            for (String zone : List.of("America/New_York", "Pacific/Chatham", "Asia/Kathmandu", "Australia/Lord_Howe")) {
                TimeZone.setDefault(TimeZone.getTimeZone(zone));
                ThroughputSteps steps = new ThroughputSteps(from, from.plus(Duration.ofHours(6)), Duration.ofHours(1));
                assertThat(steps.buckets(Map.of(2L, new long[] {1, 0}))).as(zone).isEqualTo(utc);
                assertThat(steps.fromMicros()).as(zone).isEqualTo(EpochTime.micros(from));
            }
        } finally {
            TimeZone.setDefault(before);
        }
        for (int i = 0; i < utc.size(); i++) {
            assertThat(utc.get(i).start()).isEqualTo(from.plus(Duration.ofHours(i)));
        }
    }

    @Test
    void aStepThatIsNotPositiveOrAWindowThatIsEmptyIsRefused() {
        assertThatThrownBy(() -> new ThroughputSteps(FROM, FROM.plusSeconds(60), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThroughputSteps(FROM, FROM.plusSeconds(60), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ThroughputSteps(FROM, FROM, Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the step must be positive and the window must not be empty");
        assertThatThrownBy(() -> new ThroughputSteps(FROM, FROM.minusSeconds(1), Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepUnderAMicrosecondCannotBeCounted() {
        // the stores count in microseconds; the use case never asks for less than a second
        assertThatThrownBy(() -> new ThroughputSteps(FROM, FROM.plusSeconds(1), Duration.ofNanos(999)))
                .isInstanceOf(ArithmeticException.class);
    }
}
