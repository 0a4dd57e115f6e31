package dev.stowage.domain.common;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * Strictly increasing {@link Ulid}s from a clock and a random source. Within one millisecond (or when
 * the clock steps back) the random part is incremented instead of redrawn, so each id is greater than
 * the one before it. Thread-safe.
 */
public final class UlidSequence {
    private final Clock clock;
    private final RandomGenerator random;
    private long lastMillis = -1;
    private long high;
    private long low;

    public UlidSequence(Clock clock, RandomGenerator random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A sequence whose random parts come from a {@link SecureRandom}. */
    public UlidSequence(Clock clock) {
        this(clock, new SecureRandom());
    }

    /** The next id, greater than every earlier one of this sequence. */
    public synchronized String next() {
        long now = clock.millis();
        if (now > lastMillis) {
            lastMillis = now;
            high = random.nextLong() & 0x7FFFL; // keep headroom so increments rarely carry out
            low = random.nextLong();
        } else {
            low++;
            if (low == 0) {
                high++;
                if (high > 0xFFFFL) {
                    lastMillis++; // borrow the next millisecond rather than wrap
                    high = 0;
                }
            }
        }
        return Ulid.format(lastMillis, high, low);
    }
}
