package dev.stowage.adapter.out.sqlite;

import dev.stowage.domain.error.InvalidInputException;
import java.time.Instant;

/**
 * Instants as the INTEGER nanoseconds since the Unix epoch that the document and token tables
 * store. Nanoseconds because the JVM clock ticks in them on Linux and a stored value must come back
 * equal; a signed 64-bit count covers 1677-09-21 to 2262-04-11.
 */
final class EpochNanos {
    private EpochNanos() {
    }

    static long of(Instant instant, String field) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidInputException(field + " " + instant + " is outside the storable range 1677 to 2262");
        }
    }

    static Instant toInstant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
