package dev.stowage.domain.common;

import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Instants and durations as the whole numbers the stores keep in their tables, counted from the
 * Unix epoch (UTC, so no time zone enters): microseconds for the queue's tables (as fine as the
 * JVM clock on Linux, and plain numbers that SQL can compare and subtract), nanoseconds for the
 * document, program, token, upload and backup tables (a stored value must come back equal to the
 * clock's; a signed 64-bit count covers 1677-09-21T00:12:44Z to 2262-04-11T23:47:16.854775807Z).
 *
 * <p>Finer parts are dropped toward the past: {@code micros} of an instant with 1,999 nanoseconds
 * past a second is 1 microsecond past it, and a negative count reads back as the instant before the
 * epoch it names (floor division), so every stored number maps to exactly one instant and back.
 */
public final class EpochTime {
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private EpochTime() {
    }

    /**
     * Microseconds since the epoch.
     *
     * @throws ArithmeticException when the instant is more than about 292,000 years from 1970
     */
    public static long micros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND), instant.getNano() / 1_000);
    }

    /**
     * Whole microseconds of a duration.
     *
     * @throws ArithmeticException when the duration is longer than about 292,000 years
     */
    public static long micros(Duration duration) {
        return Math.addExact(Math.multiplyExact(duration.getSeconds(), MICROS_PER_SECOND), duration.getNano() / 1_000);
    }

    /**
     * {@code instant} with its part finer than a microsecond dropped toward the past (as {@link #micros}
     * drops it), so it is what a queue table gives back. Never fails: unlike {@link #micros} it holds
     * for every instant.
     */
    public static Instant truncateToMicros(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MICROS);
    }

    /** The instant {@code micros} microseconds after (negative: before) the epoch. */
    public static Instant instantOfMicros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000);
    }

    /** A duration of {@code micros} microseconds. */
    public static Duration durationOfMicros(long micros) {
        return Duration.ofSeconds(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1_000);
    }

    /**
     * Nanoseconds since the epoch, for a value a caller gave.
     *
     * @param field what the instant is, for the error
     * @throws InvalidInputException when the instant is outside 1677-09-21 to 2262-04-11, naming {@code field}
     */
    public static long nanos(Instant instant, String field) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NANOS_PER_SECOND), instant.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field + " " + instant + " is outside the storable range 1677 to 2262");
        }
    }

    /** The instant {@code nanos} nanoseconds after (negative: before) the epoch. */
    public static Instant instantOfNanos(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND), Math.floorMod(nanos, NANOS_PER_SECOND));
    }
}
