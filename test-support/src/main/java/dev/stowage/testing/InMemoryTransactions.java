package dev.stowage.testing;

import dev.stowage.application.port.out.Transactions;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Transactions for the in-memory stores: one reentrant lock serialises every transaction, so a
 * read-modify-write inside {@link #write} is atomic against other transactions, and nested calls
 * join the outer one.
 *
 * <p>There is <em>no rollback</em>: if {@code work} throws, what it already wrote stays. The
 * in-memory stores make each of their own methods all-or-none, which is what the services rely on;
 * tests that need multi-store rollback must use a real engine. Store calls made outside any
 * transaction do not take this lock, so {@link #read} is a consistent snapshot only against other
 * transactions.
 */
public final class InMemoryTransactions implements Transactions {
    private final ReentrantLock lock = new ReentrantLock();

    @Override
    public <T> T write(Supplier<T> work) {
        return inLock(work);
    }

    @Override
    public <T> T read(Supplier<T> work) {
        return inLock(work);
    }

    private <T> T inLock(Supplier<T> work) {
        Objects.requireNonNull(work, "work");
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
