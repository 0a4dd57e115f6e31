package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Which jobs a history listing shows. Empty fields do not filter. Listings are newest first.
 *
 * @param states        any of these states; empty means all
 * @param createdFrom   created at or after (inclusive)
 * @param createdBefore created strictly before
 * @throws dev.stowage.domain.error.InvalidInputException when an instant is outside the years 1 to 9999
 */
public record JobFilter(Optional<QueueName> queue, Set<JobState> states, Optional<JobType> type,
                        Optional<Instant> createdFrom, Optional<Instant> createdBefore) {
    public JobFilter {
        Objects.requireNonNull(queue, "queue");
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        Objects.requireNonNull(type, "type");
        // Bounded so that a store's conversion to its own time unit cannot overflow.
        Objects.requireNonNull(createdFrom, "createdFrom").ifPresent(i -> Checks.instant(i, "createdFrom"));
        Objects.requireNonNull(createdBefore, "createdBefore").ifPresent(i -> Checks.instant(i, "createdBefore"));
    }

    public static JobFilter all() {
        return new JobFilter(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static JobFilter queue(QueueName q) {
        return new JobFilter(Optional.of(q), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public JobFilter withStates(Set<JobState> s) {
        return new JobFilter(queue, s, type, createdFrom, createdBefore);
    }

    public JobFilter withType(JobType t) {
        return new JobFilter(queue, states, Optional.of(t), createdFrom, createdBefore);
    }

    public JobFilter createdBetween(Instant from, Instant before) {
        return new JobFilter(queue, states, type, Optional.ofNullable(from), Optional.ofNullable(before));
    }

    /** True when {@code job} passes this filter; stores may use it, and contract tests do. */
    public boolean matches(Job job) {
        return queue.map(q -> q.equals(job.queue())).orElse(true)
                && (states.isEmpty() || states.contains(job.state()))
                && type.map(t -> t.equals(job.type())).orElse(true)
                && createdFrom.map(f -> !job.createdAt().isBefore(f)).orElse(true)
                && createdBefore.map(b -> job.createdAt().isBefore(b)).orElse(true);
    }
}
