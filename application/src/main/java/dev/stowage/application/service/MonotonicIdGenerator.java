package dev.stowage.application.service;

import dev.stowage.application.port.out.IdGenerator;
import dev.stowage.domain.common.UlidSequence;
import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * ULIDs from a clock and a random source, strictly increasing: the {@link IdGenerator} over a
 * {@link UlidSequence}.
 */
public final class MonotonicIdGenerator implements IdGenerator {
    private final UlidSequence sequence;

    public MonotonicIdGenerator(Clock clock, RandomGenerator random) {
        this.sequence = new UlidSequence(clock, random);
    }

    public MonotonicIdGenerator(Clock clock) {
        this.sequence = new UlidSequence(clock);
    }

    @Override
    public String next() {
        return sequence.next();
    }
}
