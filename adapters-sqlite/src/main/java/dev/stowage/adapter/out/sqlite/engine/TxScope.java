package dev.stowage.adapter.out.sqlite.engine;

/**
 * Which transaction the current thread runs in, so that stores called inside a unit of work join
 * it without passing a connection around. One per engine, never static.
 */
final class TxScope {
    private final ThreadLocal<TxContext> current = new ThreadLocal<>();

    /** The current thread's transaction, or null outside any. */
    TxContext current() {
        return current.get();
    }

    void bind(TxContext tx) {
        current.set(tx);
    }

    void clear() {
        current.remove();
    }
}
