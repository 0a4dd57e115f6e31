package dev.stowage.domain.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.domain.error.InvalidInputException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class EpochTimeTest {

    @Test
    void microsCountFromTheEpochAndDropFinerPartsTowardThePast() {
        assertThat(EpochTime.micros(Instant.EPOCH)).isZero();
        assertThat(EpochTime.micros(Instant.parse("2030-01-01T00:00:00.000001999Z"))).isEqualTo(1_893_456_000_000_001L);
        // one nanosecond before the epoch is in the microsecond before it
        assertThat(EpochTime.micros(Instant.EPOCH.minusNanos(1))).isEqualTo(-1);
        assertThat(EpochTime.instantOfMicros(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(EpochTime.micros(Duration.ofSeconds(2, 1_999))).isEqualTo(2_000_001);
        assertThat(EpochTime.durationOfMicros(-1)).isEqualTo(Duration.ofNanos(-1_000));
    }

    @Test
    void everyMicrosecondCountReadsBackAsItself() {
        for (long micros : new long[] {0, 1, -1, 999_999, -999_999, 1_000_000, -1_000_001, Long.MAX_VALUE, -9_223_372_036_854_000_000L}) {
            assertThat(EpochTime.micros(EpochTime.instantOfMicros(micros))).as("%d", micros).isEqualTo(micros);
            assertThat(EpochTime.micros(EpochTime.durationOfMicros(micros))).as("%d", micros).isEqualTo(micros);
        }
    }

    @Test
    void microsOfAnInstantBeyondALongFailAsArithmetic() {
        assertThatThrownBy(() -> EpochTime.micros(Instant.MAX)).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> EpochTime.micros(Duration.ofSeconds(Long.MAX_VALUE))).isInstanceOf(ArithmeticException.class);
    }

    @Test
    void nanosCoverSixteenSeventySevenToTwentyTwoSixtyTwoAndNameTheFieldBeyond() {
        Instant last = Instant.parse("2262-04-11T23:47:16.854775807Z");
        // the earliest is on a whole second: the seconds are counted first, and a count below that overflows
        Instant first = Instant.parse("1677-09-21T00:12:44Z");
        assertThat(EpochTime.nanos(last, "createdAt")).isEqualTo(Long.MAX_VALUE);
        assertThat(EpochTime.nanos(first, "createdAt")).isEqualTo(-9_223_372_036_000_000_000L);
        assertThat(EpochTime.instantOfNanos(Long.MAX_VALUE)).isEqualTo(last);
        assertThat(EpochTime.instantOfNanos(-9_223_372_036_000_000_000L)).isEqualTo(first);
        assertThatThrownBy(() -> EpochTime.nanos(last.plusNanos(1), "expiresAt"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("expiresAt 2262-04-11T23:47:16.854775808Z is outside the storable range 1677 to 2262");
        assertThatThrownBy(() -> EpochTime.nanos(first.minusNanos(1), "createdAt"))
                .isInstanceOf(InvalidInputException.class).hasMessageStartingWith("createdAt 1677-09-21");
        assertThatThrownBy(() -> EpochTime.nanos(Instant.MIN, "createdAt")).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void nanosKeepEveryNanosecond() {
        Instant t = Instant.parse("1969-12-31T23:59:59.000000001Z");
        assertThat(EpochTime.nanos(t, "t")).isEqualTo(-999_999_999L);
        assertThat(EpochTime.instantOfNanos(EpochTime.nanos(t, "t"))).isEqualTo(t);
    }

    @Test
    void truncateToMicrosDropsTheFinerPartTowardThePastAsMicrosDoes() {
        Instant before = Instant.parse("1969-12-31T23:59:59.000000999Z");
        Instant after = Instant.parse("2030-01-01T00:00:00.123456789Z");
        assertThat(EpochTime.truncateToMicros(before)).isEqualTo(Instant.parse("1969-12-31T23:59:59Z"));
        assertThat(EpochTime.truncateToMicros(after)).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(EpochTime.truncateToMicros(after)).isEqualTo(EpochTime.instantOfMicros(EpochTime.micros(after)));
        assertThat(EpochTime.truncateToMicros(before)).isEqualTo(EpochTime.instantOfMicros(EpochTime.micros(before)));
        // where micros overflows, truncation still holds
        assertThat(EpochTime.truncateToMicros(Instant.MAX)).isEqualTo(Instant.MAX.minusNanos(999));
    }

    @Test
    void aMicrosClockReadsItsSourceToTheMicrosecond() {
        Instant t = Instant.parse("2030-01-01T00:00:00.123456789Z");
        Clock source = Clock.fixed(t, ZoneOffset.UTC);
        Clock micros = MicrosClock.of(source);

        assertThat(micros.instant()).isEqualTo(Instant.parse("2030-01-01T00:00:00.123456Z"));
        assertThat(micros.millis()).isEqualTo(source.millis());
        assertThat(MicrosClock.of(micros)).isSameAs(micros);
        assertThat(micros).isEqualTo(MicrosClock.of(source));
        Clock zoned = micros.withZone(ZoneId.of("Europe/Paris"));
        assertThat(zoned.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(zoned.instant()).isEqualTo(micros.instant());
    }
}
