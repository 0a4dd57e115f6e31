package dev.stowage.domain.common;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * A clock whose instants are whole microseconds: another clock's time with its finer part dropped
 * toward the past, as {@link EpochTime#truncateToMicros} drops it. The queue's services read their
 * time through one, because the queue's tables keep microseconds (SQLite and PostgreSQL alike): a job
 * stamped with the JVM clock's nanoseconds would come back from the enqueue different from every later
 * read of it.
 */
public final class MicrosClock extends Clock {
    private final Clock source;

    private MicrosClock(Clock source) {
        this.source = source;
    }

    /** {@code source} read to the microsecond; a clock that already is one is returned as it is. */
    public static Clock of(Clock source) {
        Objects.requireNonNull(source, "clock");
        return source instanceof MicrosClock ? source : new MicrosClock(source);
    }

    @Override
    public Instant instant() {
        return EpochTime.truncateToMicros(source.instant());
    }

    /** The source's milliseconds: whole milliseconds are whole microseconds already. */
    @Override
    public long millis() {
        return source.millis();
    }

    @Override
    public ZoneId getZone() {
        return source.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MicrosClock(source.withZone(zone));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MicrosClock other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode() ^ 0x6d6963;
    }

    @Override
    public String toString() {
        return "MicrosClock[" + source + "]";
    }
}
