package dev.stowage.application.port.out;

import java.util.function.Supplier;

/**
 * The transaction boundary, for services that must change several stores as one.
 *
 * <p>Out-port calls made inside {@code work} on the same thread join the transaction; calls made
 * outside run in a transaction of their own. Nested calls join the outer transaction. If
 * {@code work} throws, nothing it wrote is kept and the exception propagates unchanged.
 *
 * <p>Implementations may run {@code work} on another thread (a single writer thread that batches
 * several callers' transactions into one commit) but the caller always sees the work as done,
 * durable to the configured level, when the method returns.
 */
public interface Transactions {

    /**
     * Runs {@code work} in a write transaction and returns its result once committed.
     *
     * @throws dev.stowage.domain.error.StorageException when the store fails; {@code work} may then
     *         have been attempted more than once, so it must not have side effects outside the stores
     */
    <T> T write(Supplier<T> work);

    /** Runs {@code work} in a write transaction, for work with no result. */
    default void writeVoid(Runnable work) {
        write(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Runs {@code work} against one consistent read snapshot. Writes inside it fail.
     */
    <T> T read(Supplier<T> work);
}
