package dev.stowage.domain.queue;

import dev.stowage.domain.common.EpochTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The steps of a throughput history over {@code [from, to)}: step {@code i} is
 * {@code [from + i*step, from + (i+1)*step)}, and there are as many as it takes to reach {@code to}
 * (a partial last step counts whole, so the last one ends at {@code to} or beyond). Steps are
 * aligned on {@code from}, an instant, never on a calendar, so no time zone enters.
 *
 * <p>A store counts finished jobs by step in microseconds, as the queue's tables keep times: the
 * step of a time {@code t} in the range is {@code (t - fromMicros) / stepMicros}, the range is
 * {@code [fromMicros, endMicros)}, and {@link #buckets} fills in the steps nothing was counted in.
 */
public final class ThroughputSteps {
    private final Instant from;
    private final Duration step;
    private final long fromMicros;
    private final long stepMicros;
    private final long count;

    /**
     * @throws IllegalArgumentException when {@code step} is not positive or {@code to} is not after {@code from}
     * @throws ArithmeticException      when {@code step} is under a microsecond
     */
    public ThroughputSteps(Instant from, Instant to, Duration step) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(step, "step");
        if (step.isNegative() || step.isZero() || !to.isAfter(from)) {
            throw new IllegalArgumentException("the step must be positive and the window must not be empty");
        }
        this.from = from;
        this.step = step;
        this.fromMicros = EpochTime.micros(from);
        this.stepMicros = step.toNanos() / 1000;
        this.count = (EpochTime.micros(to) - fromMicros + stepMicros - 1) / stepMicros;
    }

    /** How many steps there are. */
    public long count() {
        return count;
    }

    /** Where the first step starts, in microseconds since the epoch. */
    public long fromMicros() {
        return fromMicros;
    }

    /** How long a step is, in whole microseconds. */
    public long stepMicros() {
        return stepMicros;
    }

    /** Where the last step ends (exclusive), in microseconds since the epoch. */
    public long endMicros() {
        return fromMicros + count * stepMicros;
    }

    /**
     * One bucket for each step, in order, with the counts {@code counted} holds under its index
     * ({@code {completed, failed}}); a step it has no entry for counted none.
     */
    public List<ThroughputBucket> buckets(Map<Long, long[]> counted) {
        List<ThroughputBucket> out = new ArrayList<>((int) count);
        for (long i = 0; i < count; i++) {
            long[] c = counted.getOrDefault(i, new long[2]);
            out.add(new ThroughputBucket(from.plus(step.multipliedBy(i)), c[0], c[1]));
        }
        return out;
    }
}
