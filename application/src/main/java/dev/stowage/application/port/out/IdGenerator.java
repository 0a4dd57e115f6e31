package dev.stowage.application.port.out;

/**
 * Makes new time-sortable ids ({@link dev.stowage.domain.common.Ulid} layout). Ids from one
 * generator are strictly increasing, even within one millisecond. Thread-safe.
 */
public interface IdGenerator {
    String next();
}
