package dev.stowage.domain.queue;

import dev.stowage.domain.common.Checks;
import dev.stowage.domain.error.InvalidInputException;
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
 * @param text          a search: the job's id equal to it, its dedup key equal to it or starting with
 *                      it, or its payload's JSON text containing it; compared as written (case
 *                      matters, no wildcards: {@code %} and {@code _} are plain characters), at most
 *                      {@link #MAX_TEXT} characters
 * @throws dev.stowage.domain.error.InvalidInputException when an instant is outside the years 1 to 9999,
 *     or the text is empty, longer than {@link #MAX_TEXT} or holds a control character
 */
public record JobFilter(Optional<QueueName> queue, Set<JobState> states, Optional<JobType> type,
                        Optional<Instant> createdFrom, Optional<Instant> createdBefore, Optional<String> text) {
    /** The longest search text: a search scans payloads, so it is kept to what a person types. */
    public static final int MAX_TEXT = 200;

    public JobFilter {
        Objects.requireNonNull(queue, "queue");
        states = states.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(states));
        Objects.requireNonNull(type, "type");
        // Bounded so that a store's conversion to its own time unit cannot overflow.
        Objects.requireNonNull(createdFrom, "createdFrom").ifPresent(i -> Checks.instant(i, "createdFrom"));
        Objects.requireNonNull(createdBefore, "createdBefore").ifPresent(i -> Checks.instant(i, "createdBefore"));
        Objects.requireNonNull(text, "text").ifPresent(JobFilter::checkText);
    }

    /** A filter without a search text. */
    public JobFilter(Optional<QueueName> queue, Set<JobState> states, Optional<JobType> type,
                     Optional<Instant> createdFrom, Optional<Instant> createdBefore) {
        this(queue, states, type, createdFrom, createdBefore, Optional.empty());
    }

    private static void checkText(String text) {
        if (text.isEmpty()) {
            throw new InvalidInputException("the search text must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new InvalidInputException("the search text is " + text.length() + " characters long; at most "
                    + MAX_TEXT + " are allowed");
        }
        if (Checks.hasLoneSurrogate(text) || text.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("the search text must not hold control characters or lone surrogates");
        }
    }

    public static JobFilter all() {
        return new JobFilter(Optional.empty(), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static JobFilter queue(QueueName q) {
        return new JobFilter(Optional.of(q), Set.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public JobFilter withStates(Set<JobState> s) {
        return new JobFilter(queue, s, type, createdFrom, createdBefore, text);
    }

    public JobFilter withType(JobType t) {
        return new JobFilter(queue, states, Optional.of(t), createdFrom, createdBefore, text);
    }

    public JobFilter createdBetween(Instant from, Instant before) {
        return new JobFilter(queue, states, type, Optional.ofNullable(from), Optional.ofNullable(before), text);
    }

    public JobFilter withText(String t) {
        return new JobFilter(queue, states, type, createdFrom, createdBefore, Optional.of(t));
    }

    /** True when {@code job} passes this filter; stores may use it, and contract tests do. */
    public boolean matches(Job job) {
        return queue.map(q -> q.equals(job.queue())).orElse(true)
                && (states.isEmpty() || states.contains(job.state()))
                && type.map(t -> t.equals(job.type())).orElse(true)
                && createdFrom.map(f -> !job.createdAt().isBefore(f)).orElse(true)
                && createdBefore.map(b -> job.createdAt().isBefore(b)).orElse(true)
                && text.map(t -> found(job, t)).orElse(true);
    }

    private static boolean found(Job job, String t) {
        return job.id().value().equals(t) || job.dedupKey().map(k -> k.startsWith(t)).orElse(false)
                || job.payload().json().contains(t);
    }
}
