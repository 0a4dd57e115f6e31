package dev.stowage.adapter.out.postgres;

import dev.stowage.domain.common.EpochTime;
import java.time.Duration;
import java.time.Instant;

/**
 * The queue tables' microseconds, under the short names {@code PgJobStore} and {@code PgJobRows}
 * use; the conversion itself is {@link EpochTime}'s. Kept only while those two classes are being
 * reworked on another branch: once that has landed they call {@link EpochTime} and this goes.
 */
final class Micros {
    private Micros() {
    }

    static long of(Instant instant) {
        return EpochTime.micros(instant);
    }

    static long of(Duration duration) {
        return EpochTime.micros(duration);
    }

    static Instant instant(long micros) {
        return EpochTime.instantOfMicros(micros);
    }

    static Duration duration(long micros) {
        return EpochTime.durationOfMicros(micros);
    }
}
