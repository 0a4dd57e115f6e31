package dev.stowage.adapter.out.postgres;

import java.time.Duration;
import java.time.Instant;

/**
 * The queue tables keep instants and durations as INTEGER microseconds (instants since the Unix
 * epoch): as fine as the JVM clock on Linux, and plain numbers that SQL can compare and subtract.
 */
final class Micros {
    private static final long PER_SECOND = 1_000_000L;

    private Micros() {
    }

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), PER_SECOND), instant.getNano() / 1_000);
    }

    static long of(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), PER_SECOND), duration.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }

    static Duration duration(long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, PER_SECOND), Math.floorMod(micros, PER_SECOND) * 1_000);
    }
}
