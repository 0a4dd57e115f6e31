package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/**
 * Exponential backoff with jitter between attempts: the delay before attempt {@code n+1} is
 * {@code min(max, initial * multiplier^(n-1))}, then scaled by a random factor in
 * {@code [1 - jitter, 1]} so that jobs failing together do not retry together.
 */
public record BackoffPolicy(Duration initial, double multiplier, Duration max, double jitter) {
    /** The longest a retry may be put off: long enough for any backoff, short enough to compute with. */
    public static final Duration MAX_DELAY = Duration.ofDays(30);
    public static final BackoffPolicy DEFAULT = new BackoffPolicy(Duration.ofSeconds(1), 2.0, Duration.ofMinutes(10), 0.2);

    public BackoffPolicy {
        Objects.requireNonNull(initial, "initial");
        Objects.requireNonNull(max, "max");
        if (initial.isNegative() || max.compareTo(initial) < 0) {
            throw new InvalidInputException("backoff needs 0 <= initial <= max, got initial " + initial + ", max " + max);
        }
        if (max.compareTo(MAX_DELAY) > 0) {
            throw new InvalidInputException("backoff max must be at most " + MAX_DELAY.toDays() + " days, got " + max);
        }
        if (!(multiplier >= 1.0 && multiplier <= 100.0)) {
            throw new InvalidInputException("backoff multiplier must be between 1 and 100, got " + multiplier);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new InvalidInputException("backoff jitter must be between 0 and 1, got " + jitter);
        }
    }

    /**
     * The delay after the {@code failedAttempts}-th failed attempt.
     *
     * @param random01 a uniform random number in {@code [0, 1)}
     */
    public Duration delayAfter(int failedAttempts, double random01) {
        Checks.range(failedAttempts, 1, Integer.MAX_VALUE, "failed attempts");
        double base = initial.toMillis() * Math.pow(multiplier, failedAttempts - 1);
        double capped = Math.min(base, max.toMillis());
        double factor = 1.0 - jitter * Math.min(Math.max(random01, 0.0), 1.0);
        return Duration.ofMillis(Math.round(capped * factor));
    }
}
